package org.neurofhir.pipeline.task;

import org.hl7.fhir.r4.model.Identifier;
import org.neurofhir.profiles.NeuroFhirCanonical;

/** Identifier and extension URLs the pipeline writes (not part of the conformance package yet). */
public final class PipelineIdentifiers {

  /** Identifier system of a segmentation job's idempotency key, on its Task and its DiagnosticReport. */
  public static final String SEGMENTATION_JOB = NeuroFhirCanonical.BASE + "/sid/segmentation-job";
  /** Task extension: progress of a running job, valueInteger 0..100 (removed when the Task ends). */
  public static final String EXT_TASK_PROGRESS = NeuroFhirCanonical.STRUCTURE_DEFINITION + "task-progress";

  private PipelineIdentifiers() {}

  public static Identifier job(String idempotencyKey) {
    return new Identifier().setSystem(SEGMENTATION_JOB).setValue(idempotencyKey);
  }

  public static String jobSearch(String idempotencyKey) {
    return "identifier=" + SEGMENTATION_JOB + "|" + idempotencyKey;
  }
}
