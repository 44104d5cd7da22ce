package org.neurofhir.dicom.synthetic;

/**
 * Voxel values of one series, x (column) fastest, then y (row), then z (slice):
 * {@code voxels[(z * rows + y) * columns + x]}. Axial slices, identity orientation (LPS).
 *
 * @param spacing {column spacing, row spacing, slice spacing} in mm
 * @param origin patient position (mm) of the first voxel
 */
public record VoxelVolume(int columns, int rows, int slices, float[] voxels, double[] spacing, double[] origin) {

  public VoxelVolume {
    if (columns <= 0 || rows <= 0 || slices <= 0) throw new IllegalArgumentException("volume dimensions must be positive");
    if (voxels.length != (long) columns * rows * slices) {
      throw new IllegalArgumentException("expected " + (long) columns * rows * slices + " voxels, got " + voxels.length);
    }
    if (spacing.length != 3 || origin.length != 3) throw new IllegalArgumentException("spacing and origin need 3 values");
  }

  /** 1 mm isotropic, centred on the patient origin. */
  public static VoxelVolume centred(int columns, int rows, int slices, float[] voxels) {
    return new VoxelVolume(columns, rows, slices, voxels, new double[] {1, 1, 1},
        new double[] {-(columns - 1) / 2.0, -(rows - 1) / 2.0, -(slices - 1) / 2.0});
  }

  public static VoxelVolume ofShorts(int columns, int rows, int slices, short[] values, double[] spacing, double[] origin) {
    float[] f = new float[values.length];
    for (int i = 0; i < values.length; i++) f[i] = values[i];
    return new VoxelVolume(columns, rows, slices, f, spacing, origin);
  }
}
