package org.neurofhir.dicom.toolkit;

/** A peer could not be reached, refused the association, or broke it off. */
public class DicomCommunicationException extends Exception {
  public DicomCommunicationException(String message, Throwable cause) {
    super(message, cause);
  }
}
