package org.neurofhir.server.record.lab;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.neurofhir.profiles.NeuroFhirCanonical;

/** Which of an Observation's reference ranges is the normal one and which holds the critical limits. */
final class ReferenceRangeCodes {

  static final String MEANING = "http://terminology.hl7.org/CodeSystem/referencerange-meaning";
  static final String CRITICAL = "critical";

  private ReferenceRangeCodes() {}

  static boolean isCritical(Observation.ObservationReferenceRangeComponent range) {
    return range.getType().getCoding().stream()
        .anyMatch(c -> NeuroFhirCanonical.CS_REFERENCE_RANGE_TYPE.equals(c.getSystem()) && CRITICAL.equals(c.getCode()));
  }

  /** A range without type is the normal range (FHIR: "if not present, the normal range is assumed"). */
  static boolean isNormal(Observation.ObservationReferenceRangeComponent range) {
    if (!range.hasType()) {
      return true;
    }
    return range.getType().getCoding().stream().anyMatch(c -> MEANING.equals(c.getSystem()) && "normal".equals(c.getCode()));
  }

  static CodeableConcept normalType() {
    return new CodeableConcept().addCoding(new Coding(MEANING, "normal", "Normal Range"));
  }

  static CodeableConcept criticalType() {
    return new CodeableConcept().addCoding(
        new Coding(NeuroFhirCanonical.CS_REFERENCE_RANGE_TYPE, CRITICAL, "Critical limits"));
  }
}
