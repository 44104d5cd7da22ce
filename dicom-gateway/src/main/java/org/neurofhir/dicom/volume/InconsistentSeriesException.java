package org.neurofhir.dicom.volume;

/** A series that cannot be read as one regular volume; the message says why. */
public class InconsistentSeriesException extends Exception {
  public InconsistentSeriesException(String message) {
    super(message);
  }

  public InconsistentSeriesException(String message, Throwable cause) {
    super(message, cause);
  }
}
