package org.neurofhir.dicom.airesult;

/** A segmentation that cannot become DICOM objects (empty, not on the source grid, unknown label); nothing was stored. */
public class InvalidAiResultException extends Exception {
  public InvalidAiResultException(String message) {
    super(message);
  }

  public InvalidAiResultException(String message, Throwable cause) {
    super(message, cause);
  }
}
