package org.neurofhir.pipeline.results;

import java.math.BigDecimal;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Quantity;
import org.neurofhir.inference.model.ModelManifest;
import org.neurofhir.profiles.AiModelCode;
import org.neurofhir.profiles.NeuroFhirCanonical;

/** The Device of a deployed model, one per model id + version (its logical id says both). */
public final class AiModelDevice {

  /** model.json metric names (written by the inference module's ModelEvaluator) with a Device property code. */
  private static final Map<String, AiModelCode> METRICS = Map.of(
      "heldOutDice.whole-tumour", AiModelCode.DICE_WHOLE_TUMOUR,
      "heldOutDice.tumour-core", AiModelCode.DICE_TUMOUR_CORE,
      "heldOutDice.enhancing-tumour", AiModelCode.DICE_ENHANCING_TUMOUR);

  private AiModelDevice() {}

  public static String idOf(ModelManifest m) {
    String id = ("ai-model-" + m.id() + "-" + m.version()).replaceAll("[^A-Za-z0-9\\-.]", "-");
    return id.length() <= 64 ? id : id.substring(0, 64);
  }

  public static Device of(ModelManifest m) {
    Device d = new Device();
    d.setId(idOf(m));
    d.getMeta().addProfile(NeuroFhirCanonical.PROFILE_AI_MODEL_DEVICE);
    d.setStatus(Device.FHIRDeviceStatus.ACTIVE);
    d.setManufacturer("NeuroFHIR");
    d.addDeviceName().setName(m.id()).setType(Device.DeviceNameType.MODELNAME);
    d.setType(AiModelCode.BRAIN_TUMOUR_SEGMENTATION_MODEL.toCodeableConcept());
    d.addVersion().setValue(m.version());
    if (m.intendedUse() != null) {
      d.addNote().setText(m.intendedUse());
    }
    d.addProperty().setType(AiModelCode.INPUT_SEQUENCES.toCodeableConcept())
        .addValueCode(new CodeableConcept().setText(
            m.input().channels().stream().map(s -> s.code()).collect(Collectors.joining(", "))));
    if (m.trainingData() != null) {
      d.addProperty().setType(AiModelCode.TRAINING_DATA.toCodeableConcept())
          .addValueCode(new CodeableConcept().setText(m.trainingData()));
    }
    m.metrics().forEach((name, value) -> {
      AiModelCode code = METRICS.get(name);
      if (code != null && value != null) {
        d.addProperty().setType(code.toCodeableConcept()).addValueQuantity(
            new Quantity().setValue(BigDecimal.valueOf(value)).setSystem(NeuroFhirCanonical.UCUM).setCode("1"));
      }
    });
    return d;
  }
}
