package org.neurofhir.inference.training;

import java.util.List;
import java.util.Map;
import org.neurofhir.inference.model.Coding;
import org.neurofhir.inference.model.InPlaneFit;
import org.neurofhir.inference.model.ModelInput;
import org.neurofhir.inference.model.ModelManifest;
import org.neurofhir.inference.model.ModelOutput;
import org.neurofhir.inference.model.Normalisation;
import org.neurofhir.inference.model.OutputClass;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.inference.volumetrics.TumourRegion;

/** The manifest of the model the trainer ships: 4 sequences, 128×128, BraTS labels, region codes. */
final class PhantomModelManifest {
    static final String SNOMED = "http://snomed.info/sct";
    static final int SIZE = 128;
    static final List<Sequence> CHANNELS = List.of(Sequence.T1, Sequence.T1CE, Sequence.T2, Sequence.FLAIR);

    private PhantomModelManifest() {
    }

    static ModelInput input() {
        return new ModelInput("image", SIZE, SIZE, CHANNELS, Normalisation.ZSCORE_NONZERO, InPlaneFit.RESIZE, false);
    }

    static ModelManifest create(String id, String version, Map<String, Double> metrics) {
        List<OutputClass> classes = List.of(
                new OutputClass(0, 0, "background", "Background", "#000000", List.of()),
                new OutputClass(1, 1, TumourRegion.NECROTIC_CORE.code(), "Necrotic tumour core", "#FF0000", List.of(
                        own(TumourRegion.NECROTIC_CORE),
                        new Coding(SNOMED, "6574001", "Necrosis (morphologic abnormality)"))),
                new OutputClass(2, 2, TumourRegion.OEDEMA.code(), "Peritumoral oedema", "#00FF00", List.of(
                        own(TumourRegion.OEDEMA),
                        new Coding(SNOMED, "79654002", "Edema (morphologic abnormality)"))),
                new OutputClass(3, 4, TumourRegion.ENHANCING_TUMOUR.code(), "Enhancing tumour", "#0000FF", List.of(
                        own(TumourRegion.ENHANCING_TUMOUR))));
        return new ModelManifest(id, version,
                "2-D U-Net (3 levels, 16 base filters) segmenting necrotic core, oedema and enhancing tumour slice by slice",
                "serving_default", input(), new ModelOutput("probabilities", "softmax"), classes, true, 8,
                "Demonstration and testing of the NeuroFHIR pipeline on synthetic phantoms. NOT FOR CLINICAL USE.",
                "Synthetic 4-sequence brain-tumour phantoms from org.neurofhir.inference.phantom.PhantomGenerator "
                        + "(no patient data); see MODEL_CARD.md",
                metrics);
    }

    private static Coding own(TumourRegion r) {
        return new Coding(TumourRegion.CODE_SYSTEM, r.code(), r.display());
    }
}
