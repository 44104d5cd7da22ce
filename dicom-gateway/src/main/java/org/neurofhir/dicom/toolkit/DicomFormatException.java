package org.neurofhir.dicom.toolkit;

/** A file or data set that is not readable DICOM, or lacks what the caller needs. */
public class DicomFormatException extends Exception {
  public DicomFormatException(String message) {
    super(message);
  }

  public DicomFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
