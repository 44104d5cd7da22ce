package org.neurofhir.profiles;

import org.hl7.fhir.r4.model.Extension;

/** MR sequence types a brain-tumour segmentation model consumes; codes of {@link NeuroFhirCanonical#CS_MR_SEQUENCE_TYPE}. */
public enum MrSequenceType implements CodedConcept {
  T1("T1", "T1-weighted"),
  T1CE("T1CE", "T1-weighted, contrast-enhanced"),
  T2("T2", "T2-weighted"),
  FLAIR("FLAIR", "T2 fluid-attenuated inversion recovery"),
  OTHER("OTHER", "Other sequence");

  private final String code;
  private final String display;

  MrSequenceType(String code, String display) {
    this.code = code;
    this.display = display;
  }

  @Override
  public String code() { return code; }

  @Override
  public String display() { return display; }

  @Override
  public String system() { return NeuroFhirCanonical.CS_MR_SEQUENCE_TYPE; }

  /** The series extension carrying this sequence type (profile mr-sequence-type). */
  public Extension toExtension() {
    return new Extension(NeuroFhirCanonical.EXT_MR_SEQUENCE_TYPE, toCoding());
  }

  public static MrSequenceType fromCode(String code) {
    for (MrSequenceType t : values()) {
      if (t.code.equalsIgnoreCase(code)) return t;
    }
    throw new IllegalArgumentException("Unknown MR sequence type code: " + code);
  }
}
