package org.neurofhir.inference.volumetrics;

import org.neurofhir.inference.volume.LabelMap;

/** Dice overlap of one region between a predicted and a reference label map on the same grid. */
public final class DiceScore {
    private DiceScore() {
    }

    /** 2|A∩B| / (|A|+|B|); 1 when both are empty. */
    public static double of(LabelMap predicted, LabelMap reference, TumourRegion region) {
        if (!predicted.grid().sameGridAs(reference.grid())) {
            throw new IllegalArgumentException("label maps are on different grids");
        }
        byte[] p = predicted.labels();
        byte[] r = reference.labels();
        long both = 0;
        long sum = 0;
        for (int i = 0; i < p.length; i++) {
            boolean a = region.contains(p[i] & 0xFF);
            boolean b = region.contains(r[i] & 0xFF);
            if (a) {
                sum++;
            }
            if (b) {
                sum++;
            }
            if (a && b) {
                both++;
            }
        }
        return sum == 0 ? 1 : 2.0 * both / sum;
    }
}
