package org.neurofhir.dicom.toolkit;

import java.util.List;

/** Outcome of sending instances: counts and, per failed instance, the reason. */
public record StoreReport(int completed, int failed, int warning, List<String> failures) {
  public boolean allSucceeded() {
    return failed == 0;
  }
}
