package org.neurofhir.server.record.lab;

import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/** HL7 v3 ObservationInterpretation codes the server sets; LL and HH are the critical ones. */
enum Interpretation {
  CRITICAL_LOW("LL", "Critical low"),
  LOW("L", "Low"),
  NORMAL("N", "Normal"),
  HIGH("H", "High"),
  CRITICAL_HIGH("HH", "Critical high");

  static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

  final String code;
  final String display;

  Interpretation(String code, String display) {
    this.code = code;
    this.display = display;
  }

  boolean critical() {
    return this == CRITICAL_LOW || this == CRITICAL_HIGH;
  }

  CodeableConcept toConcept() {
    return new CodeableConcept().addCoding(new Coding(SYSTEM, code, display)).setText(display);
  }

  /** The critical interpretation among those a sender or the server gave, if any (LL, HH, or v3 AA "critical abnormal"). */
  static boolean anyCritical(java.util.List<CodeableConcept> interpretations) {
    return interpretations.stream().flatMap(c -> c.getCoding().stream())
        .anyMatch(c -> SYSTEM.equals(c.getSystem()) && ("LL".equals(c.getCode()) || "HH".equals(c.getCode())
            || "AA".equals(c.getCode())));
  }

  static Optional<Interpretation> ofCode(String code) {
    for (Interpretation i : values()) {
      if (i.code.equals(code)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }
}
