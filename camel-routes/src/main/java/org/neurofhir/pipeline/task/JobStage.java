package org.neurofhir.pipeline.task;

/** What a segmentation Task is doing, shown as its businessStatus; the percent is its progress. */
public enum JobStage {
  QUEUED("queued", 0),
  PREPROCESSING("preprocessing", 10),
  INFERRING("inferring", 30),
  WRITING("writing", 80),
  COMPLETED("completed", 100),
  FAILED("failed", 100);

  private final String label;
  private final int percent;

  JobStage(String label, int percent) {
    this.label = label;
    this.percent = percent;
  }

  public String label() {
    return label;
  }

  public int percent() {
    return percent;
  }
}
