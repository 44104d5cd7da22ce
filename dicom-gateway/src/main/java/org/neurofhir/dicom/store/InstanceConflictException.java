package org.neurofhir.dicom.store;

/** The SOP Instance UID is already stored under a different study or series. */
public class InstanceConflictException extends Exception {
  public InstanceConflictException(String message) {
    super(message);
  }
}
