package org.neurofhir.pipeline.worker;

/**
 * The job cannot succeed however often it is tried (corrupt or inconsistent series, missing sequence, unreadable
 * NIfTI): the Task fails at once with this message as its statusReason, which says what a person must fix.
 */
public class PermanentJobFailure extends RuntimeException {
  public PermanentJobFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
