package org.neurofhir.inference.volume;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A multi-sequence MR volume: one float channel per {@link Sequence}, all on the same grid.
 * Construction validates the data so downstream code can trust it (finite values, matching sizes).
 */
public record MrVolume(VolumeGrid grid, Map<Sequence, float[]> channels) {

    public MrVolume {
        if (grid == null) {
            throw new InvalidVolumeException("volume grid is required");
        }
        if (channels == null || channels.isEmpty()) {
            throw new InvalidVolumeException("volume has no sequences");
        }
        EnumMap<Sequence, float[]> copy = new EnumMap<>(Sequence.class);
        for (Map.Entry<Sequence, float[]> e : channels.entrySet()) {
            float[] v = e.getValue();
            if (v == null || v.length != grid.voxelCount()) {
                throw new InvalidVolumeException(e.getKey() + " holds " + (v == null ? 0 : v.length)
                        + " voxels but the grid " + grid.describe() + " needs " + grid.voxelCount());
            }
            for (int n = 0; n < v.length; n++) {
                if (!Float.isFinite(v[n])) {
                    throw new InvalidVolumeException(e.getKey() + " contains a non-finite value (NaN or infinity) at voxel " + n);
                }
            }
            copy.put(e.getKey(), v);
        }
        channels = Collections.unmodifiableMap(copy);
    }

    /**
     * Builds a volume from per-sequence scalar volumes that must share one grid (dimensions, spacing, affine);
     * the grid of the first entry is used.
     */
    public static MrVolume of(Map<Sequence, ScalarVolume> sequences) {
        if (sequences == null || sequences.isEmpty()) {
            throw new InvalidVolumeException("no sequences given");
        }
        VolumeGrid grid = null;
        Sequence first = null;
        EnumMap<Sequence, float[]> data = new EnumMap<>(Sequence.class);
        for (Map.Entry<Sequence, ScalarVolume> e : new EnumMap<>(sequences).entrySet()) {
            VolumeGrid g = e.getValue().grid();
            if (grid == null) {
                grid = g;
                first = e.getKey();
            } else if (!grid.sameGridAs(g)) {
                throw new InvalidVolumeException("sequences are on different grids: " + first + " is " + grid.describe()
                        + " but " + e.getKey() + " is " + g.describe() + " (register/resample them first)");
            }
            data.put(e.getKey(), e.getValue().voxels());
        }
        return new MrVolume(grid, data);
    }

    public float[] channel(Sequence s) {
        float[] v = channels.get(s);
        if (v == null) {
            throw new InvalidVolumeException("volume lacks the " + s.code() + " sequence");
        }
        return v;
    }

    public boolean has(Sequence s) {
        return channels.containsKey(s);
    }
}
