package org.neurofhir.dicom.airesult;

/**
 * A label volume on a source series' slice grid: column fastest, then row, then slice, slices in
 * the order {@code SeriesVolumeReader} gives them (along the slice normal).
 *
 * @param origin patient position (mm) of voxel (0, 0, 0), checked against the source's first slice
 */
public record LabelVolume(int columns, int rows, int slices, byte[] labels, double[] origin) {}
