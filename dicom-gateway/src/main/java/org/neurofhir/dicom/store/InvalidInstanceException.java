package org.neurofhir.dicom.store;

/** A received instance that must not be stored: required attributes missing or unusable. */
public class InvalidInstanceException extends Exception {
  public InvalidInstanceException(String message) {
    super(message);
  }
}
