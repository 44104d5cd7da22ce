package org.neurofhir.inference.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How an axial slice is fitted to the model's height × width. */
public enum InPlaneFit {
    /** Bilinear resampling of the whole slice (cv2.resize-style notebooks). */
    RESIZE("resize"),
    /** Centre crop or zero pad, no resampling. */
    CROP_PAD("crop-pad");

    private final String code;

    InPlaneFit(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator
    public static InPlaneFit fromCode(String code) {
        for (InPlaneFit f : values()) {
            if (f.code.equals(code.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown inPlane fit '" + code + "' (expected resize or crop-pad)");
    }
}
