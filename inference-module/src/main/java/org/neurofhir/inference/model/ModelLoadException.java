package org.neurofhir.inference.model;

/** A model that cannot be used: unknown id, unreadable or inconsistent manifest, SavedModel mismatch. */
public class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
