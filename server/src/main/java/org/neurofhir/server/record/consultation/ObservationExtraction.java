package org.neurofhir.server.record.consultation;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.neurofhir.profiles.NeuroFhirCanonical;

/**
 * SDC observation-based extraction: each answer of an item that has a {@code code} and the
 * {@code sdc-questionnaire-observationExtract} extension (on the item, or inherited from a group or the
 * Questionnaire) becomes an Observation of that code, for the response's subject and encounter, at its authored
 * time, {@code derivedFrom} the response. Vital signs (LOINC codes of FHIR's vital-signs profiles) claim the
 * vital-signs profile, with category vital-signs and a UCUM Quantity; other answers get category survey.
 */
final class ObservationExtraction {

  static final String EXTRACT = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-observationExtract";
  static final String UNIT = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";
  static final String VITAL_SIGNS_PROFILE = "http://hl7.org/fhir/StructureDefinition/vitalsigns";
  private static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
  /** Codes of FHIR R4's vital-signs profiles that a form can carry as one number. */
  static final Set<String> VITAL_SIGNS = Set.of("29463-7", "8302-2", "8310-5", "8867-4", "9279-1", "59408-5",
      "39156-5", "9843-4", "8287-5");

  private ObservationExtraction() {}

  /**
   * The Observations as a transaction the client posts (SDC: $extract returns, it does not store);
   * {@code responseReference} null for a response not stored.
   */
  static Bundle extract(Questionnaire questionnaire, QuestionnaireResponse response, String responseReference) {
    List<Observation> observations = new ArrayList<>();
    walk(questionnaire.getItem(), response.getItem(), flag(questionnaire.getExtensionByUrl(EXTRACT), false),
        response, responseReference, observations);
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    for (Observation o : observations) {
      tx.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(o)
          .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
    }
    return tx;
  }

  private static void walk(List<QuestionnaireItemComponent> defined, List<QuestionnaireResponseItemComponent> given,
      boolean inherited, QuestionnaireResponse response, String ref, List<Observation> out) {
    Map<String, QuestionnaireItemComponent> byLinkId = defined.stream()
        .collect(Collectors.toMap(QuestionnaireItemComponent::getLinkId, Function.identity(), (a, b) -> a));
    for (QuestionnaireResponseItemComponent item : given) {
      QuestionnaireItemComponent d = byLinkId.get(item.getLinkId());
      if (d == null) {
        continue;
      }
      boolean extract = flag(d.getExtensionByUrl(EXTRACT), inherited);
      if (extract && d.hasCode()) {
        item.getAnswer().forEach(a -> out.add(observation(d, a.getValue(), response, ref)));
      }
      walk(d.getItem(), item.getItem(), extract, response, ref, out);
      item.getAnswer().forEach(a -> walk(d.getItem(), a.getItem(), extract, response, ref, out));
    }
  }

  private static boolean flag(Extension e, boolean inherited) {
    return e != null && e.getValue() instanceof BooleanType b ? b.booleanValue() : inherited;
  }

  private static Observation observation(QuestionnaireItemComponent d, Type answer, QuestionnaireResponse response,
      String ref) {
    Observation o = new Observation();
    o.setStatus(response.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED
        ? Observation.ObservationStatus.AMENDED : Observation.ObservationStatus.FINAL);
    CodeableConcept code = new CodeableConcept();
    d.getCode().forEach(c -> code.addCoding(c.copy()));
    o.setCode(code.setText(d.getText()));
    boolean vital = d.getCode().stream()
        .anyMatch(c -> NeuroFhirCanonical.LOINC.equals(c.getSystem()) && VITAL_SIGNS.contains(c.getCode()));
    o.addCategory(new CodeableConcept().addCoding(vital
        ? new Coding(CATEGORY, "vital-signs", "Vital Signs") : new Coding(CATEGORY, "survey", "Survey")));
    if (vital) {
      o.getMeta().addProfile(VITAL_SIGNS_PROFILE);
    }
    o.setSubject(response.getSubject().copy());
    if (response.hasEncounter()) {
      o.setEncounter(response.getEncounter().copy());
    }
    o.setEffective(new DateTimeType(response.hasAuthored() ? response.getAuthored() : new Date()));
    o.setIssued(new Date());
    if (response.hasAuthor()) {
      o.addPerformer(response.getAuthor().copy());
    }
    if (ref != null) {
      o.addDerivedFrom(new Reference(ref));
    }
    o.setValue(value(d, answer));
    return o;
  }

  private static Type value(QuestionnaireItemComponent d, Type answer) {
    if (answer instanceof DecimalType decimal) {
      Quantity q = new Quantity().setValue(decimal.getValue());
      Extension unit = d.getExtensionByUrl(UNIT);
      if (unit != null && unit.getValue() instanceof Coding c) {
        q.setSystem(c.getSystem()).setCode(c.getCode()).setUnit(c.hasDisplay() ? c.getDisplay() : c.getCode());
      }
      return q;
    }
    if (answer instanceof Coding coding) {
      return new CodeableConcept().addCoding(coding.copy());
    }
    if (answer instanceof DateType date) {
      return new DateTimeType(date.getValueAsString());
    }
    return answer.copy();
  }
}
