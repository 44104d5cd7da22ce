package org.neurofhir.pipeline.fhir;

/** A FHIR read or write failed; {@link #isTransient()} tells whether trying again later may help. */
public class FhirPortException extends RuntimeException {

  private final boolean transientFailure;

  public FhirPortException(String message, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  public boolean isTransient() {
    return transientFailure;
  }
}
