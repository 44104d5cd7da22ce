package org.neurofhir.inference.training;

import java.util.ArrayList;
import java.util.List;
import org.neurofhir.inference.phantom.PhantomSpec;

/**
 * The fixed held-out evaluation set. Seeds start at 9,000,000, far from the trainer's (1,000,000 + 100,000 × seed
 * + volume number, a few thousand volumes at most), so no held-out phantom was seen in training.
 */
public final class HeldOutPhantoms {
    public static final long SEED_BASE = 9_000_000L;

    private HeldOutPhantoms() {
    }

    /** {@code count} phantoms on the model's native grid: 128×128 over 240 mm, 60 slices of 2.5 mm. */
    public static List<PhantomSpec> nativeGrid(int count) {
        List<PhantomSpec> specs = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            specs.add(PhantomSpec.fieldOfView(128, 60, SEED_BASE + n));
        }
        return specs;
    }

    /** {@code count} phantoms on the BraTS grid, 240×240×155 at 1 mm (resampled in-plane by the segmenter). */
    public static List<PhantomSpec> bratsGrid(int count) {
        List<PhantomSpec> specs = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            specs.add(PhantomSpec.brats(SEED_BASE + 500 + n));
        }
        return specs;
    }
}
