package org.neurofhir.dicom.synthetic;

/** One MR series to write: its description (what sites' sequence rules match on) and voxels. */
public record SyntheticSeries(String seriesDescription, VoxelVolume volume) {}
