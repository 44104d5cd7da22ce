package org.neurofhir.pipeline.task;

import org.hl7.fhir.r4.model.Identifier;
import org.neurofhir.profiles.NeuroFhirCanonical;

/** Identifier and extension URLs the pipeline writes (defined by the segmentation-task profile). */
public final class PipelineIdentifiers {

  /** Identifier system of a segmentation job's idempotency key, on its Task and its DiagnosticReport. */
  public static final String SEGMENTATION_JOB = NeuroFhirCanonical.IDENTIFIER_SEGMENTATION_JOB;
  /** Task extension: progress of a running job, valueInteger 0..100 (removed when the Task ends). */
  public static final String EXT_TASK_PROGRESS = NeuroFhirCanonical.EXT_TASK_PROGRESS;

  private PipelineIdentifiers() {}

  public static Identifier job(String idempotencyKey) {
    return new Identifier().setSystem(SEGMENTATION_JOB).setValue(idempotencyKey);
  }

  public static String jobSearch(String idempotencyKey) {
    return "identifier=" + SEGMENTATION_JOB + "|" + idempotencyKey;
  }
}
