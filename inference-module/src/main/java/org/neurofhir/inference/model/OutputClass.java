package org.neurofhir.inference.model;

import java.util.List;

/**
 * One model output channel: {@code index} in the probability tensor, the {@code label} it becomes in the
 * label map (BraTS: 0, 1, 2, 4), the tumour {@code region} code it stands for (null for background),
 * a display name and colour (#RRGGBB), and codes for FHIR.
 */
public record OutputClass(int index, int label, String region, String name, String colour, List<Coding> codes) {
    public OutputClass {
        codes = codes == null ? List.of() : List.copyOf(codes);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isBackground() {
        return region == null || region.isBlank() || "background".equals(region);
    }

    /** Colour as 0xRRGGBB. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public int rgb() {
        return Integer.parseInt(colour.substring(1), 16);
    }
}
