package org.neurofhir.inference.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurofhir.inference.segmentation.SegmentationResult;
import org.neurofhir.inference.volume.VolumeGrid;
import org.neurofhir.inference.volumetrics.RegionMeasurement;
import org.neurofhir.inference.volumetrics.TumourRegion;

/** The JSON shape of {@code volumes.json} and {@code segment --json}. */
final class SegmentationReport {
    private SegmentationReport() {
    }

    static Map<String, Object> of(SegmentationResult r, Path labels, Path overlay) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", Map.of("id", r.modelId(), "version", r.modelVersion()));
        VolumeGrid g = r.labelMap().grid();
        m.put("grid", Map.of("dimensions", List.of(g.nx(), g.ny(), g.nz()),
                "spacingMm", List.of(g.spacingX(), g.spacingY(), g.spacingZ())));
        m.put("coordinateSystem", "RAS+ patient coordinates in mm (negate x and y for DICOM LPS)");
        List<Map<String, Object>> regions = new ArrayList<>();
        for (TumourRegion region : TumourRegion.values()) {
            RegionMeasurement rm = r.region(region);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("code", region.code());
            e.put("system", TumourRegion.CODE_SYSTEM);
            e.put("display", region.display());
            e.put("bratsLabels", region.bratsLabels());
            e.put("voxels", rm.voxelCount());
            e.put("volumeCm3", round(rm.volumeCm3(), 3));
            e.put("meanProbability", round(rm.meanProbability(), 4));
            e.put("centroidMm", rm.centroidMm());
            e.put("boundingBoxMinMm", rm.boundingBoxMinMm());
            e.put("boundingBoxMaxMm", rm.boundingBoxMaxMm());
            regions.add(e);
        }
        m.put("regions", regions);
        m.put("elapsedMs", r.elapsedMillis());
        m.put("labelMap", labels.toString());
        m.put("overlay", overlay.toString());
        return m;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
