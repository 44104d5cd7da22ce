package org.neurofhir.inference.volume;

/** One channel of voxels on a grid (what a NIfTI file holds). Voxel array is shared, not copied. */
public record ScalarVolume(VolumeGrid grid, float[] voxels) {
    public ScalarVolume {
        if (grid == null || voxels == null) {
            throw new InvalidVolumeException("grid and voxels are required");
        }
        if (voxels.length != grid.voxelCount()) {
            throw new InvalidVolumeException("voxel array holds " + voxels.length + " values but the grid "
                    + grid.describe() + " needs " + grid.voxelCount());
        }
    }
}
