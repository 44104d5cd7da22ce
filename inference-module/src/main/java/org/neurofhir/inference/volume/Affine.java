package org.neurofhir.inference.volume;

import java.util.Arrays;

/**
 * Voxel index (i, j, k) to patient coordinates in millimetres, in the NIfTI RAS+ convention
 * (+x towards the patient's Right, +y Anterior, +z Superior; DICOM's LPS negates x and y).
 * Stored row-major as the top three rows of a 4×4 matrix.
 */
public record Affine(double[] rows) {

    public Affine {
        if (rows == null || rows.length != 12) {
            throw new InvalidVolumeException("affine must have 12 elements (3 rows of 4)");
        }
        for (double v : rows) {
            if (!Double.isFinite(v)) {
                throw new InvalidVolumeException("affine contains a non-finite value");
            }
        }
        rows = rows.clone();
    }

    /** Axis-aligned affine with the given spacing and origin (RAS+). */
    public static Affine diagonal(double sx, double sy, double sz, double ox, double oy, double oz) {
        return new Affine(new double[] {sx, 0, 0, ox, 0, sy, 0, oy, 0, 0, sz, oz});
    }

    /**
     * Affine from DICOM geometry (LPS): image orientation row/column cosines, position of the first voxel of the
     * first slice, the step vector between consecutive slices (mm), and pixel spacing (row spacing = between rows,
     * column spacing = between columns). Voxel i runs along a row (columns), j down the rows, k across slices.
     */
    public static Affine fromDicom(double[] rowCosine, double[] columnCosine, double[] firstPosition,
                                   double[] sliceStep, double rowSpacing, double columnSpacing) {
        double[] m = new double[12];
        for (int r = 0; r < 3; r++) {
            double flip = r < 2 ? -1 : 1; // LPS -> RAS negates x and y
            m[r * 4] = flip * rowCosine[r] * columnSpacing;
            m[r * 4 + 1] = flip * columnCosine[r] * rowSpacing;
            m[r * 4 + 2] = flip * sliceStep[r];
            m[r * 4 + 3] = flip * firstPosition[r];
        }
        return new Affine(m);
    }

    public double get(int row, int col) {
        return rows[row * 4 + col];
    }

    /** Patient (RAS+) coordinates of a possibly fractional voxel index. */
    public double[] toPatient(double i, double j, double k) {
        double[] p = new double[3];
        for (int r = 0; r < 3; r++) {
            p[r] = rows[r * 4] * i + rows[r * 4 + 1] * j + rows[r * 4 + 2] * k + rows[r * 4 + 3];
        }
        return p;
    }

    /** Length of the voxel axis column c (0..2): the spacing along that axis in mm. */
    public double columnNorm(int c) {
        return Math.sqrt(get(0, c) * get(0, c) + get(1, c) * get(1, c) + get(2, c) * get(2, c));
    }

    @Override
    public double[] rows() {
        return rows.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Affine a && Arrays.equals(rows, a.rows);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rows);
    }

    @Override
    public String toString() {
        return "Affine" + Arrays.toString(rows);
    }
}
