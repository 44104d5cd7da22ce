package org.neurofhir.inference.volumetrics;

import java.util.List;

/**
 * Tumour sub-regions in the BraTS label convention, and the two composite regions clinicians report.
 * {@link #code()} is the code in our {@value #CODE_SYSTEM} code system.
 */
public enum TumourRegion {
    NECROTIC_CORE("necrotic-core", "Necrotic tumour core", 1),
    OEDEMA("oedema", "Peritumoral oedema", 2),
    ENHANCING_TUMOUR("enhancing-tumour", "Enhancing tumour", 4),
    WHOLE_TUMOUR("whole-tumour", "Whole tumour", 1, 2, 4),
    TUMOUR_CORE("tumour-core", "Tumour core", 1, 4);

    public static final String CODE_SYSTEM = "https://neurofhir.org/fhir/CodeSystem/tumour-region";

    private final String code;
    private final String display;
    private final int[] labels;

    TumourRegion(String code, String display, int... labels) {
        this.code = code;
        this.display = display;
        this.labels = labels;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }

    /** BraTS labels that make up this region. */
    public int[] bratsLabels() {
        return labels.clone();
    }

    public boolean contains(int label) {
        for (int l : labels) {
            if (l == label) {
                return true;
            }
        }
        return false;
    }

    public boolean isComposite() {
        return labels.length > 1;
    }

    public static List<TumourRegion> subRegions() {
        return List.of(NECROTIC_CORE, OEDEMA, ENHANCING_TUMOUR);
    }

    public static TumourRegion fromCode(String code) {
        for (TumourRegion r : values()) {
            if (r.code.equals(code)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown tumour region code '" + code + "'");
    }
}
