package org.neurofhir.inference.segmentation;

import java.util.List;
import org.neurofhir.inference.model.InPlaneFit;
import org.neurofhir.inference.model.ModelInput;
import org.neurofhir.inference.model.Normalisation;
import org.neurofhir.inference.volume.InvalidVolumeException;
import org.neurofhir.inference.volume.MrVolume;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.inference.volume.VolumeGrid;

/**
 * Turns a volume into the model's input: intensity normalisation over the whole volume (statistics from the
 * brain mask), then every axial slice fitted to the model's height × width, channels interleaved
 * ([slice][row][column][channel], the layout Keras and our U-Net use). The trainer uses this same class, so
 * training and inference see identical inputs.
 */
public final class SlicePreprocessor {

    private final ModelInput input;

    public SlicePreprocessor(ModelInput input) {
        this.input = input;
    }

    /** Voxels where any model channel is non-zero: the brain in skull-stripped (BraTS-style) data. */
    public boolean[] brainMask(MrVolume volume) {
        requireChannels(volume);
        int n = volume.grid().voxelCount();
        boolean[] mask = new boolean[n];
        boolean any = false;
        for (Sequence s : input.channels()) {
            float[] v = volume.channel(s);
            for (int i = 0; i < n; i++) {
                if (v[i] != 0) {
                    mask[i] = true;
                    any = true;
                }
            }
        }
        if (!any) {
            throw new InvalidVolumeException("every voxel of " + input.channels() + " is zero: nothing to segment");
        }
        return mask;
    }

    /** The whole volume as model input, {@code nz} slices. */
    public float[] prepare(MrVolume volume, boolean[] mask) {
        VolumeGrid g = volume.grid();
        List<Sequence> seqs = input.channels();
        int c = seqs.size();
        int h = input.height();
        int w = input.width();
        float[] out = new float[g.nz() * h * w * c];
        float[] slice = new float[g.sliceSize()];
        for (int ch = 0; ch < c; ch++) {
            float[] v = volume.channel(seqs.get(ch));
            double[] scale = normalisation(seqs.get(ch), v, mask);
            for (int k = 0; k < g.nz(); k++) {
                int base = k * g.sliceSize();
                for (int p = 0; p < slice.length; p++) {
                    slice[p] = mask[base + p] ? (float) ((v[base + p] - scale[0]) * scale[1]) : 0f;
                }
                fit(slice, g.nx(), g.ny(), out, k * h * w * c, ch, c);
            }
        }
        return out;
    }

    void requireChannels(MrVolume volume) {
        List<Sequence> missing = input.channels().stream().filter(s -> !volume.has(s)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidVolumeException("the model needs sequences " + input.channels() + " but the volume lacks " + missing);
        }
    }

    /** {offset, factor}: normalised = (value - offset) * factor. */
    private double[] normalisation(Sequence s, float[] v, boolean[] mask) {
        if (input.normalisation() == Normalisation.NONE) {
            return new double[] {0, 1};
        }
        if (input.normalisation() == Normalisation.MAX_SCALE) {
            double max = 0;
            for (float f : v) {
                max = Math.max(max, f);
            }
            if (max <= 0) {
                throw new InvalidVolumeException(s + " has no positive voxel: cannot scale by its maximum");
            }
            return new double[] {0, 1 / max};
        }
        double sum = 0;
        double sumSq = 0;
        long n = 0;
        for (int i = 0; i < v.length; i++) {
            if (mask[i]) {
                sum += v[i];
                sumSq += (double) v[i] * v[i];
                n++;
            }
        }
        double mean = sum / n;
        double var = sumSq / n - mean * mean;
        if (!(var > 1e-12 * Math.max(1, mean * mean))) {
            throw new InvalidVolumeException(s + " is constant inside the brain mask: no contrast to segment");
        }
        return new double[] {mean, 1 / Math.sqrt(var)};
    }

    /** Writes one channel of one slice into the interleaved model slice at {@code offset}. */
    private void fit(float[] slice, int sliceNx, int sliceNy, float[] dst, int offset, int ch, int channels) {
        float[] src = slice;
        int nx = sliceNx;
        int ny = sliceNy;
        if (input.rowsAlongX()) {
            src = new float[slice.length];
            for (int j = 0; j < sliceNy; j++) {
                for (int i = 0; i < sliceNx; i++) {
                    src[j + sliceNy * i] = slice[i + sliceNx * j];
                }
            }
            nx = sliceNy;
            ny = sliceNx;
        }
        int h = input.height();
        int w = input.width();
        if (input.inPlane() == InPlaneFit.CROP_PAD || (nx == w && ny == h)) {
            int ox = (nx - w) / 2;
            int oy = (ny - h) / 2;
            for (int y = 0; y < h; y++) {
                int j = y + oy;
                for (int x = 0; x < w; x++) {
                    int i = x + ox;
                    float val = (i >= 0 && i < nx && j >= 0 && j < ny) ? src[i + nx * j] : 0f;
                    dst[offset + (y * w + x) * channels + ch] = val;
                }
            }
            return;
        }
        double sx = (double) nx / w;
        double sy = (double) ny / h;
        for (int y = 0; y < h; y++) {
            double fy = (y + 0.5) * sy - 0.5;
            for (int x = 0; x < w; x++) {
                double fx = (x + 0.5) * sx - 0.5;
                dst[offset + (y * w + x) * channels + ch] = Bilinear.sample(src, nx, ny, fx, fy, 1, 0);
            }
        }
    }
}
