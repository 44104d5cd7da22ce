package org.neurofhir.profiles;

import org.hl7.fhir.r4.model.Extension;

/** How a consultation takes place; codes of {@link NeuroFhirCanonical#CS_CONSULTATION_MODE}. */
public enum ConsultationMode implements CodedConcept {
  IN_PERSON("in-person", "In person"),
  REMOTE("remote", "Remote");

  private final String code;
  private final String display;

  ConsultationMode(String code, String display) {
    this.code = code;
    this.display = display;
  }

  @Override
  public String system() { return NeuroFhirCanonical.CS_CONSULTATION_MODE; }

  @Override
  public String code() { return code; }

  @Override
  public String display() { return display; }

  /** The Appointment extension carrying this mode (profile consultation-mode). */
  public Extension toExtension() {
    return new Extension(NeuroFhirCanonical.EXT_CONSULTATION_MODE, toCoding());
  }

  public static ConsultationMode fromCode(String code) {
    for (ConsultationMode m : values()) {
      if (m.code.equals(code)) return m;
    }
    throw new IllegalArgumentException("Unknown consultation mode code: " + code);
  }
}
