package org.neurofhir.profiles;

/** Stage of a segmentation job, the Task's businessStatus; codes of {@link NeuroFhirCanonical#CS_SEGMENTATION_TASK_STATUS}. */
public enum SegmentationTaskStatus implements CodedConcept {
  QUEUED("queued", "Queued"),
  PREPROCESSING("preprocessing", "Preprocessing"),
  INFERRING("inferring", "Inferring"),
  WRITING("writing", "Writing results"),
  COMPLETED("completed", "Completed"),
  FAILED("failed", "Failed");

  private final String code;
  private final String display;

  SegmentationTaskStatus(String code, String display) {
    this.code = code;
    this.display = display;
  }

  @Override
  public String system() { return NeuroFhirCanonical.CS_SEGMENTATION_TASK_STATUS; }

  @Override
  public String code() { return code; }

  @Override
  public String display() { return display; }
}
