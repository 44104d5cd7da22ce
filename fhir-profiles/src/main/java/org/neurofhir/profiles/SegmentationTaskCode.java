package org.neurofhir.profiles;

/** What a NeuroFHIR Task asks to be done; codes of {@link NeuroFhirCanonical#CS_TASK_CODE}. */
public enum SegmentationTaskCode implements CodedConcept {
  SEGMENT_BRAIN_TUMOUR("segment-brain-tumour", "Segment brain tumour");

  private final String code;
  private final String display;

  SegmentationTaskCode(String code, String display) {
    this.code = code;
    this.display = display;
  }

  @Override
  public String system() { return NeuroFhirCanonical.CS_TASK_CODE; }

  @Override
  public String code() { return code; }

  @Override
  public String display() { return display; }
}
