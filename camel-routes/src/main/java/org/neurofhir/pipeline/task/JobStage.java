package org.neurofhir.pipeline.task;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.neurofhir.profiles.SegmentationTaskStatus;

/** What a segmentation Task is doing, shown as its businessStatus; the percent is its progress. */
public enum JobStage {
  QUEUED(SegmentationTaskStatus.QUEUED, 0),
  PREPROCESSING(SegmentationTaskStatus.PREPROCESSING, 10),
  INFERRING(SegmentationTaskStatus.INFERRING, 30),
  WRITING(SegmentationTaskStatus.WRITING, 80),
  COMPLETED(SegmentationTaskStatus.COMPLETED, 100),
  FAILED(SegmentationTaskStatus.FAILED, 100);

  private final SegmentationTaskStatus status;
  private final int percent;

  JobStage(SegmentationTaskStatus status, int percent) {
    this.status = status;
    this.percent = percent;
  }

  public String label() {
    return status.code();
  }

  public int percent() {
    return percent;
  }

  /** The Task's businessStatus: the profile's code, and the label as text for people. */
  public CodeableConcept businessStatus() {
    return businessStatus(label());
  }

  /** Same code, with {@code text} saying more (a failed attempt waiting for its retry). */
  public CodeableConcept businessStatus(String text) {
    return new CodeableConcept().addCoding(status.toCoding()).setText(text);
  }
}
