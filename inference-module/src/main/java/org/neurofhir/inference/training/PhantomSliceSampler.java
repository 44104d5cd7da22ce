package org.neurofhir.inference.training;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.neurofhir.inference.model.ModelInput;
import org.neurofhir.inference.phantom.Phantom;
import org.neurofhir.inference.phantom.PhantomGenerator;
import org.neurofhir.inference.phantom.PhantomSpec;
import org.neurofhir.inference.segmentation.SlicePreprocessor;
import org.neurofhir.inference.volume.LabelMap;
import org.neurofhir.inference.volume.VolumeGrid;

/**
 * Endless supply of training slices: draws a fresh phantom (random in-plane resolution so the model sees
 * both native 128² and down-sampled slices), runs it through the same {@link SlicePreprocessor} as inference,
 * and keeps a pool of recent slices, most of them through the tumour, from which batches are drawn.
 */
final class PhantomSliceSampler {

    private static final int[] IN_PLANE = {128, 128, 144, 160, 192, 240};

    private final ModelInput input;
    private final int classes;
    private final int[] labelToClass;
    private final SplittableRandom rnd;
    private final long seedBase;
    private final PhantomGenerator generator = new PhantomGenerator();
    private final List<float[]> poolX = new ArrayList<>();
    private final List<float[]> poolY = new ArrayList<>();
    private final int poolSize;
    private long volumes;

    PhantomSliceSampler(ModelInput input, int classes, int[] labelToClass, long seedBase, int poolSize) {
        this.input = input;
        this.classes = classes;
        this.labelToClass = labelToClass;
        this.seedBase = seedBase;
        this.rnd = new SplittableRandom(seedBase);
        this.poolSize = poolSize;
    }

    /** Adds {@code slices} slices of one new phantom to the pool. */
    void addPhantom(int slices) {
        int n = IN_PLANE[rnd.nextInt(IN_PLANE.length)];
        int nz = 24 + rnd.nextInt(12);
        Phantom p = generator.generate(PhantomSpec.fieldOfView(n, nz, seedBase + volumes++));
        SlicePreprocessor pre = new SlicePreprocessor(input);
        float[] x = pre.prepare(p.volume(), pre.brainMask(p.volume()));
        LabelMap truth = p.truth();
        List<Integer> tumourSlices = new ArrayList<>();
        VolumeGrid g = truth.grid();
        for (int k = 0; k < g.nz(); k++) {
            for (int i = k * g.sliceSize(); i < (k + 1) * g.sliceSize(); i++) {
                if (truth.labels()[i] != 0) {
                    tumourSlices.add(k);
                    break;
                }
            }
        }
        int sliceIn = input.height() * input.width() * input.channels().size();
        for (int s = 0; s < slices; s++) {
            boolean tumour = !tumourSlices.isEmpty() && s < slices * 3 / 4;
            int k = tumour ? tumourSlices.get(rnd.nextInt(tumourSlices.size())) : rnd.nextInt(g.nz());
            float[] xs = new float[sliceIn];
            System.arraycopy(x, k * sliceIn, xs, 0, sliceIn);
            float[] ys = oneHotLabels(truth, k);
            if (rnd.nextBoolean()) {
                flipLeftRight(xs, input.channels().size());
                flipLeftRight(ys, classes);
            }
            poolX.add(xs);
            poolY.add(ys);
        }
        while (poolX.size() > poolSize) {
            poolX.remove(0);
            poolY.remove(0);
        }
    }

    /** Fills x [batch,h,w,c] and y [batch,h,w,classes] from random pool entries. */
    void batch(float[] x, float[] y, int batch) {
        int sliceIn = poolX.get(0).length;
        int sliceOut = poolY.get(0).length;
        for (int b = 0; b < batch; b++) {
            int i = rnd.nextInt(poolX.size());
            System.arraycopy(poolX.get(i), 0, x, b * sliceIn, sliceIn);
            System.arraycopy(poolY.get(i), 0, y, b * sliceOut, sliceOut);
        }
    }

    /** Nearest-neighbour labels at model resolution, consistent with the preprocessor's in-plane resize. */
    private float[] oneHotLabels(LabelMap truth, int k) {
        VolumeGrid g = truth.grid();
        int h = input.height();
        int w = input.width();
        float[] y = new float[h * w * classes];
        for (int row = 0; row < h; row++) {
            int j = Math.min(g.ny() - 1, (int) ((row + 0.5) * g.ny() / h));
            for (int col = 0; col < w; col++) {
                int i = Math.min(g.nx() - 1, (int) ((col + 0.5) * g.nx() / w));
                int label = truth.label(g.index(i, j, k));
                y[(row * w + col) * classes + labelToClass[label]] = 1f;
            }
        }
        return y;
    }

    private void flipLeftRight(float[] v, int channels) {
        int h = input.height();
        int w = input.width();
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w / 2; col++) {
                int a = (row * w + col) * channels;
                int b = (row * w + (w - 1 - col)) * channels;
                for (int c = 0; c < channels; c++) {
                    float t = v[a + c];
                    v[a + c] = v[b + c];
                    v[b + c] = t;
                }
            }
        }
    }
}
