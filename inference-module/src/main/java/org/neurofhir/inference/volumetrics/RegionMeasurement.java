package org.neurofhir.inference.volumetrics;

/**
 * What was measured for one region. Coordinates are patient coordinates in mm (NIfTI RAS+; negate x and y for
 * DICOM LPS). For an empty region {@code boundingBoxMinMm}, {@code boundingBoxMaxMm} and {@code centroidMm}
 * are null and {@code meanProbability} is 0.
 *
 * @param meanProbability mean, over the region's voxels, of the model probability of the label each voxel got:
 *                        a confidence figure in [0, 1]
 */
public record RegionMeasurement(TumourRegion region, long voxelCount, double volumeCm3, double[] boundingBoxMinMm,
                                double[] boundingBoxMaxMm, double[] centroidMm, double meanProbability) {

    public boolean isEmpty() {
        return voxelCount == 0;
    }
}
