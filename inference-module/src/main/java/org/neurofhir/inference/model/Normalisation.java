package org.neurofhir.inference.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Per-channel intensity normalisation applied to the whole volume before slicing. */
public enum Normalisation {
    /** z-score over the brain (non-zero) mask; outside the mask stays 0. BraTS-style skull-stripped input. */
    ZSCORE_NONZERO("zscore-nonzero"),
    /** Divide by the channel maximum (what many Keras notebooks do). */
    MAX_SCALE("max-scale"),
    NONE("none");

    private final String code;

    Normalisation(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator
    public static Normalisation fromCode(String code) {
        for (Normalisation n : values()) {
            if (n.code.equals(code.toLowerCase(Locale.ROOT))) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown normalisation '" + code + "' (expected zscore-nonzero, max-scale or none)");
    }
}
