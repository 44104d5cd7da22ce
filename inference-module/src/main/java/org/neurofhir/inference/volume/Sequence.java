package org.neurofhir.inference.volume;

import java.util.Locale;

/** MR sequences a brain-tumour study carries; {@link #code()} matches our MR sequence CodeSystem. */
public enum Sequence {
    T1, T1CE, T2, FLAIR;

    public String code() {
        return name();
    }

    /** Parses a sequence code case-insensitively; unknown codes get a clear error. */
    public static Sequence fromCode(String code) {
        if (code == null) {
            throw new IllegalArgumentException("MR sequence code is missing");
        }
        try {
            return valueOf(code.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown MR sequence code '" + code + "' (expected T1, T1CE, T2 or FLAIR)");
        }
    }
}
