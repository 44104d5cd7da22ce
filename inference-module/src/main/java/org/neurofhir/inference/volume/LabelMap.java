package org.neurofhir.inference.volume;

/** A label per voxel (BraTS convention: 0 background, 1 necrotic core, 2 oedema, 4 enhancing tumour). */
public record LabelMap(VolumeGrid grid, byte[] labels) {
    public LabelMap {
        if (grid == null || labels == null || labels.length != grid.voxelCount()) {
            throw new InvalidVolumeException("label map size does not match its grid");
        }
    }

    public int label(int index) {
        return labels[index] & 0xFF;
    }

    public long count(int label) {
        long n = 0;
        for (byte b : labels) {
            if ((b & 0xFF) == label) {
                n++;
            }
        }
        return n;
    }

    public ScalarVolume toScalarVolume() {
        float[] v = new float[labels.length];
        for (int n = 0; n < v.length; n++) {
            v[n] = labels[n] & 0xFF;
        }
        return new ScalarVolume(grid, v);
    }
}
