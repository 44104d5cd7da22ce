package org.neurofhir.dicom.toolkit;

/**
 * Decides what happens to a received instance. Called on the association thread before the
 * C-STORE response is sent, so the returned status is what the sender sees: return success only
 * once the instance is durable.
 */
@FunctionalInterface
public interface StoreHandler {
  StoreResult store(StoreRequest request);
}
