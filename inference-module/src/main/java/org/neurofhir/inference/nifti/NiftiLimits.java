package org.neurofhir.inference.nifti;

/**
 * Caps checked against the header before any voxel buffer is allocated, so a hostile or corrupt file
 * (bogus dimensions, gzip bomb) fails fast instead of exhausting memory.
 *
 * @param maxVoxels    most voxels a volume may declare
 * @param maxDataBytes most bytes of voxel data (after decompression) a file may declare
 * @param maxDimension largest size along any one axis
 */
public record NiftiLimits(long maxVoxels, long maxDataBytes, int maxDimension) {

    /** 512×512×320 voxels (83 M), 640 MB of data, 2048 per axis: generous for brain MR, small for a bomb. */
    public static final NiftiLimits DEFAULT = new NiftiLimits(512L * 512 * 320, 640L << 20, 2048);

    public NiftiLimits {
        if (maxVoxels < 1 || maxDataBytes < 1 || maxDimension < 1) {
            throw new IllegalArgumentException("NIfTI limits must be positive");
        }
        // A Java array holds at most ~2^31 elements; float voxels then need 4 bytes each.
        maxVoxels = Math.min(maxVoxels, Integer.MAX_VALUE - 8);
        maxDataBytes = Math.min(maxDataBytes, Integer.MAX_VALUE - 8);
    }
}
