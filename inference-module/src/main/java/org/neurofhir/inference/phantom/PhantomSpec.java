package org.neurofhir.inference.phantom;

import org.neurofhir.inference.volume.VolumeGrid;

/**
 * What phantom to draw: the grid (anatomy is defined in millimetres, so any grid covering roughly
 * 240×240×140 mm shows the whole brain) and the seed that fixes every random choice.
 */
public record PhantomSpec(int nx, int ny, int nz, double spacingX, double spacingY, double spacingZ, long seed) {

    public PhantomSpec {
        VolumeGrid.centred(nx, ny, nz, spacingX, spacingY, spacingZ); // validates
    }

    /** The BraTS grid: 240×240×155 at 1 mm. */
    public static PhantomSpec brats(long seed) {
        return new PhantomSpec(240, 240, 155, 1, 1, 1, seed);
    }

    /** A 240 mm in-plane field of view sampled with n×n pixels and nz slices covering 150 mm. */
    public static PhantomSpec fieldOfView(int n, int nz, long seed) {
        return new PhantomSpec(n, n, nz, 240.0 / n, 240.0 / n, 150.0 / nz, seed);
    }

    public VolumeGrid grid() {
        return VolumeGrid.centred(nx, ny, nz, spacingX, spacingY, spacingZ);
    }
}
