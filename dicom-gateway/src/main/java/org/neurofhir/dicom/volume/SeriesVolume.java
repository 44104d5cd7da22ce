package org.neurofhir.dicom.volume;

import java.util.List;

/**
 * A series as a 3-D volume of real (rescaled) values, in patient coordinates (LPS, mm).
 * Voxel (i, j, k) = column i, row j, slice k is {@code voxels[(k * rows + j) * columns + i]} and
 * lies at {@code origin + i*spacing[0]*rowDirection + j*spacing[1]*columnDirection + k*spacing[2]*sliceDirection}.
 *
 * @param spacing {between columns, between rows, between slices} in mm
 * @param sopInstanceUids slice order, first slice first
 */
public record SeriesVolume(
    int columns,
    int rows,
    int slices,
    float[] voxels,
    double[] origin,
    double[] rowDirection,
    double[] columnDirection,
    double[] sliceDirection,
    double[] spacing,
    List<String> sopInstanceUids) {

  public float voxel(int column, int row, int slice) {
    return voxels[(slice * rows + row) * columns + column];
  }
}
