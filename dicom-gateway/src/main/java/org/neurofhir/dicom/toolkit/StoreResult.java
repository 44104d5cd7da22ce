package org.neurofhir.dicom.toolkit;

/** The C-STORE response status and, for failures, the Error Comment (max 64 chars on the wire). */
public record StoreResult(int status, String errorComment) {

  public static StoreResult success() {
    return new StoreResult(DicomStatus.SUCCESS, null);
  }

  public static StoreResult failure(int status, String errorComment) {
    return new StoreResult(status, errorComment);
  }

  public boolean isSuccess() {
    return status == DicomStatus.SUCCESS;
  }
}
