package org.neurofhir.inference.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A 2-D U-Net (3 down-sampling levels, two 3×3 conv + ReLU per level, nearest-neighbour up-sampling + conv,
 * skip concatenation, 1×1 head) built in graph mode. Variables get flat names because the framework
 * optimizer rejects slot names derived from scoped ones. The same builder makes the training graph
 * (He-initialised weights) and the export graph (trained weights), so both have identical structure.
 */
final class UNetGraph {

    private final Ops tf;
    private final Map<String, float[]> initialValues;
    private final Random init;
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();

    /** @param trained weights by variable name, or null to draw He-normal initial weights from {@code seed} */
    UNetGraph(Ops tf, Map<String, float[]> trained, long seed) {
        this.tf = tf;
        this.initialValues = trained;
        this.init = new Random(seed);
    }

    /** Logits [N, H, W, classes] for input [N, H, W, C]; H and W must be divisible by 8. */
    Operand<TFloat32> logits(Operand<TFloat32> input, int height, int width, int channels, int classes, int base) {
        Operand<TFloat32> e1 = block("enc1", input, channels, base);
        Operand<TFloat32> e2 = block("enc2", pool(e1), base, base * 2);
        Operand<TFloat32> e3 = block("enc3", pool(e2), base * 2, base * 4);
        Operand<TFloat32> b = block("bott", pool(e3), base * 4, base * 8);
        Operand<TFloat32> d3 = up("dec3", b, e3, height / 4, width / 4, base * 8, base * 4);
        Operand<TFloat32> d2 = up("dec2", d3, e2, height / 2, width / 2, base * 4, base * 2);
        Operand<TFloat32> d1 = up("dec1", d2, e1, height, width, base * 2, base);
        return conv("head", d1, 1, base, classes, false);
    }

    Map<String, Variable<TFloat32>> variables() {
        return variables;
    }

    Map<String, long[]> shapes() {
        return shapes;
    }

    private Operand<TFloat32> block(String name, Operand<TFloat32> x, int in, int out) {
        return conv(name + "b", conv(name + "a", x, 3, in, out, true), 3, out, out, true);
    }

    private Operand<TFloat32> up(String name, Operand<TFloat32> x, Operand<TFloat32> skip, int h, int w, int in, int out) {
        Operand<TFloat32> upsampled = tf.image.resizeNearestNeighbor(x, tf.constant(new int[] {h, w}));
        Operand<TFloat32> reduced = conv(name + "u", upsampled, 3, in, out, true);
        Operand<TFloat32> joined = tf.concat(List.of(reduced, skip), tf.constant(3));
        return block(name, joined, out * 2, out);
    }

    private Operand<TFloat32> pool(Operand<TFloat32> x) {
        return tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "SAME");
    }

    private Operand<TFloat32> conv(String name, Operand<TFloat32> x, int k, int in, int out, boolean relu) {
        Variable<TFloat32> w = variable("w_" + name, new long[] {k, k, in, out}, Math.sqrt(2.0 / (k * k * in)));
        Variable<TFloat32> b = variable("b_" + name, new long[] {out}, 0);
        Operand<TFloat32> y = tf.nn.biasAdd(tf.nn.conv2d(x, w, List.of(1L, 1L, 1L, 1L), "SAME"), b);
        return relu ? tf.nn.relu(y) : y;
    }

    private Variable<TFloat32> variable(String name, long[] shape, double std) {
        int size = 1;
        for (long d : shape) {
            size *= (int) d;
        }
        float[] values;
        if (initialValues != null) {
            values = initialValues.get(name);
            if (values == null || values.length != size) {
                throw new IllegalStateException("trained weights lack " + name);
            }
        } else {
            values = new float[size];
            for (int i = 0; i < size; i++) {
                values[i] = (float) (init.nextGaussian() * std);
            }
        }
        Variable<TFloat32> v = tf.withName(name).variable(tf.constant(Shape.of(shape), DataBuffers.of(values, true, false)));
        variables.put(name, v);
        shapes.put(name, shape);
        return v;
    }
}
