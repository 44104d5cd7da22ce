package org.neurofhir.inference.volume;

/**
 * The sampling grid of a 3-D volume: dimensions, voxel spacing in mm and the voxel-to-patient affine.
 * Voxels are stored x-fastest: index = i + nx * (j + ny * k), as in NIfTI.
 */
public record VolumeGrid(int nx, int ny, int nz, double spacingX, double spacingY, double spacingZ, Affine affine) {

    public VolumeGrid {
        if (nx <= 0 || ny <= 0 || nz <= 0) {
            throw new InvalidVolumeException("volume dimensions must be positive, got " + nx + "×" + ny + "×" + nz);
        }
        if ((long) nx * ny * nz > Integer.MAX_VALUE - 8) {
            throw new InvalidVolumeException("volume of " + nx + "×" + ny + "×" + nz + " voxels is too large");
        }
        checkSpacing("x", spacingX);
        checkSpacing("y", spacingY);
        checkSpacing("z", spacingZ);
        if (affine == null) {
            affine = Affine.diagonal(spacingX, spacingY, spacingZ, 0, 0, 0);
        }
    }

    /** Axis-aligned grid centred on the patient origin. */
    public static VolumeGrid centred(int nx, int ny, int nz, double sx, double sy, double sz) {
        return new VolumeGrid(nx, ny, nz, sx, sy, sz, Affine.diagonal(sx, sy, sz,
                -sx * (nx - 1) / 2.0, -sy * (ny - 1) / 2.0, -sz * (nz - 1) / 2.0));
    }

    private static void checkSpacing(String axis, double s) {
        if (!(s > 0) || !Double.isFinite(s)) {
            throw new InvalidVolumeException("voxel spacing along " + axis + " must be a positive finite number of mm, got " + s);
        }
    }

    public int voxelCount() {
        return nx * ny * nz;
    }

    public int sliceSize() {
        return nx * ny;
    }

    public double voxelVolumeMm3() {
        return spacingX * spacingY * spacingZ;
    }

    public int index(int i, int j, int k) {
        return i + nx * (j + ny * k);
    }

    /** True when both grids sample the same voxels (dimensions, spacing and affine within 1e-3 mm). */
    public boolean sameGridAs(VolumeGrid o) {
        if (nx != o.nx || ny != o.ny || nz != o.nz) {
            return false;
        }
        if (Math.abs(spacingX - o.spacingX) > 1e-3 || Math.abs(spacingY - o.spacingY) > 1e-3
                || Math.abs(spacingZ - o.spacingZ) > 1e-3) {
            return false;
        }
        double[] a = affine.rows();
        double[] b = o.affine.rows();
        for (int n = 0; n < a.length; n++) {
            if (Math.abs(a[n] - b[n]) > 1e-3) {
                return false;
            }
        }
        return true;
    }

    public String describe() {
        return nx + "×" + ny + "×" + nz + " @ " + fmt(spacingX) + "×" + fmt(spacingY) + "×" + fmt(spacingZ) + " mm";
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.3g", v);
    }
}
