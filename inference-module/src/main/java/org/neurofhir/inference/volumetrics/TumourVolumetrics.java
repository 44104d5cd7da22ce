package org.neurofhir.inference.volumetrics;

import java.util.EnumMap;
import java.util.Map;
import org.neurofhir.inference.volume.Affine;
import org.neurofhir.inference.volume.LabelMap;
import org.neurofhir.inference.volume.VolumeGrid;

/**
 * Measures every {@link TumourRegion} of a BraTS label map: voxel count × voxel volume, bounding box and centroid
 * in patient coordinates, and mean probability when per-voxel probabilities are given.
 */
public final class TumourVolumetrics {

    /** @param probability probability of the assigned label per voxel, or null when unknown (mean reported as 0) */
    public Map<TumourRegion, RegionMeasurement> measure(LabelMap labels, float[] probability) {
        VolumeGrid g = labels.grid();
        if (probability != null && probability.length != g.voxelCount()) {
            throw new IllegalArgumentException("probability array does not match the label map");
        }
        Map<TumourRegion, RegionMeasurement> out = new EnumMap<>(TumourRegion.class);
        for (TumourRegion region : TumourRegion.values()) {
            out.put(region, measure(labels, probability, region));
        }
        return out;
    }

    private RegionMeasurement measure(LabelMap labels, float[] probability, TumourRegion region) {
        VolumeGrid g = labels.grid();
        boolean[] member = new boolean[256];
        for (int l : region.bratsLabels()) {
            member[l] = true;
        }
        byte[] lab = labels.labels();
        long count = 0;
        double si = 0;
        double sj = 0;
        double sk = 0;
        double sp = 0;
        int[] min = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
        int[] max = {-1, -1, -1};
        int idx = 0;
        for (int k = 0; k < g.nz(); k++) {
            for (int j = 0; j < g.ny(); j++) {
                for (int i = 0; i < g.nx(); i++, idx++) {
                    if (!member[lab[idx] & 0xFF]) {
                        continue;
                    }
                    count++;
                    si += i;
                    sj += j;
                    sk += k;
                    if (probability != null) {
                        sp += probability[idx];
                    }
                    min[0] = Math.min(min[0], i);
                    min[1] = Math.min(min[1], j);
                    min[2] = Math.min(min[2], k);
                    max[0] = Math.max(max[0], i);
                    max[1] = Math.max(max[1], j);
                    max[2] = Math.max(max[2], k);
                }
            }
        }
        double cm3 = count * g.voxelVolumeMm3() / 1000.0;
        if (count == 0) {
            return new RegionMeasurement(region, 0, 0, null, null, null, 0);
        }
        Affine a = g.affine();
        double[] centroid = a.toPatient(si / count, sj / count, sk / count);
        // The box spans the outer faces of the extreme voxels, transformed corner by corner (any orientation).
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int corner = 0; corner < 8; corner++) {
            double ci = (corner & 1) == 0 ? min[0] - 0.5 : max[0] + 0.5;
            double cj = (corner & 2) == 0 ? min[1] - 0.5 : max[1] + 0.5;
            double ck = (corner & 4) == 0 ? min[2] - 0.5 : max[2] + 0.5;
            double[] p = a.toPatient(ci, cj, ck);
            for (int d = 0; d < 3; d++) {
                lo[d] = Math.min(lo[d], p[d]);
                hi[d] = Math.max(hi[d], p[d]);
            }
        }
        double mean = probability == null ? 0 : sp / count;
        return new RegionMeasurement(region, count, cm3, lo, hi, centroid, mean);
    }
}
