package org.neurofhir.inference.segmentation;

import java.util.List;
import java.util.Map;
import org.neurofhir.inference.model.OutputClass;
import org.neurofhir.inference.nifti.NiftiDatatype;
import org.neurofhir.inference.nifti.NiftiWriter;
import org.neurofhir.inference.render.DisplayConvention;
import org.neurofhir.inference.render.OverlayMontageRenderer;
import org.neurofhir.inference.volume.LabelMap;
import org.neurofhir.inference.volume.MrVolume;
import org.neurofhir.inference.volumetrics.RegionMeasurement;
import org.neurofhir.inference.volumetrics.TumourRegion;

/**
 * A segmentation on the input grid: BraTS label map (0/1/2/4), per-voxel probability of the assigned label,
 * measurements for each sub-region and the two composites, and the model that produced it.
 */
public record SegmentationResult(String modelId, String modelVersion, LabelMap labelMap, float[] labelProbability,
                                 Map<TumourRegion, RegionMeasurement> regions, List<OutputClass> classes,
                                 long elapsedMillis) {

    public SegmentationResult {
        regions = Map.copyOf(regions);
        classes = List.copyOf(classes);
    }

    public RegionMeasurement region(TumourRegion region) {
        return regions.get(region);
    }

    public double volumeCm3(TumourRegion region) {
        return regions.get(region).volumeCm3();
    }

    /** The label map as a NIfTI-1 file (uint8, same grid and affine as the input), gzip-compressed if asked. */
    public byte[] labelMapNifti(boolean gzip) {
        return new NiftiWriter().toBytes(labelMap.toScalarVolume(), NiftiDatatype.UINT8, gzip);
    }

    /**
     * PNG montage of axial slices through the tumour, labels in the model's colours over FLAIR (or the first sequence),
     * radiological convention, with legend, orientation letters and slice positions.
     */
    public byte[] overlayPng(MrVolume source) {
        return overlayPng(source, DisplayConvention.RADIOLOGICAL);
    }

    public byte[] overlayPng(MrVolume source, DisplayConvention convention) {
        return new OverlayMontageRenderer().render(source, labelMap, classes, convention);
    }
}
