package org.neurofhir.inference.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.neurofhir.inference.model.ModelInput;
import org.neurofhir.inference.model.ModelManifestReader;
import org.neurofhir.inference.model.TensorFlowNativeLogs;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Trains the shipped U-Net on phantoms (graph mode, Adam, cross-entropy + soft Dice) and exports an
 * inference-only SavedModel (weights only, no optimizer slots) plus model.json into the output folder.
 * Usage: {@code PhantomModelTrainer --out models/<id> [--steps N] [--max-minutes M] [--seed S]}.
 */
public final class PhantomModelTrainer {

    static final int CLASSES = 4;
    static final int BASE_FILTERS = 16;
    static final int BATCH = 8;
    /** Training phantoms use seeds from here up; held-out evaluation seeds start far away (see ModelEvaluator). */
    static final long TRAINING_SEED_BASE = 1_000_000L;

    public static void main(String[] args) throws Exception {
        TensorFlowNativeLogs.quietUnlessConfigured();
        Map<String, String> a = parse(args);
        Path out = Path.of(a.getOrDefault("out", "models/brats-phantom-unet2d"));
        int steps = Integer.parseInt(a.getOrDefault("steps", "2000"));
        double maxMinutes = Double.parseDouble(a.getOrDefault("max-minutes", "40"));
        long seed = Long.parseLong(a.getOrDefault("seed", "42"));
        String version = a.getOrDefault("version", "1.0.0");
        Map<String, float[]> weights = train(steps, maxMinutes, seed);
        export(weights, out);
        String id = out.getFileName().toString();
        new ModelManifestReader().write(PhantomModelManifest.create(id, version, Map.of()), out.resolve("model.json"));
        System.out.println("exported " + out.toAbsolutePath());
    }

    static Map<String, float[]> train(int steps, double maxMinutes, long seed) {
        ModelInput input = PhantomModelManifest.input();
        int[] labelToClass = {0, 1, 2, 0, 3};
        PhantomSliceSampler sampler = new PhantomSliceSampler(input, CLASSES, labelToClass, TRAINING_SEED_BASE + seed * 100_000, 96);
        for (int v = 0; v < 8; v++) {
            sampler.addPhantom(12);
        }
        long start = System.nanoTime();
        // The framework optimizer has no learning-rate setter, and a second optimizer in the same graph would
        // differentiate through the first one's slots: the low-rate last quarter is a fresh graph started from
        // the phase-one weights, so training ends settled rather than on a late loss spike.
        int fastSteps = steps * 3 / 4;
        Map<String, float[]> weights = trainPhase(sampler, null, seed, 1e-3f, 0, fastSteps, start, maxMinutes);
        weights = trainPhase(sampler, weights, seed, 2e-4f, fastSteps, steps, start, maxMinutes + 10);
        System.out.printf(Locale.ROOT, "trained %d steps in %.1f min%n", steps, (System.nanoTime() - start) / 6e10);
        return weights;
    }

    private static Map<String, float[]> trainPhase(PhantomSliceSampler sampler, Map<String, float[]> initial, long seed,
                                                   float learningRate, int fromStep, int toStep, long start,
                                                   double maxMinutes) {
        ModelInput input = PhantomModelManifest.input();
        int h = input.height();
        int w = input.width();
        int c = input.channels().size();
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h, w, c)));
            Placeholder<TFloat32> y = tf.withName("y").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h, w, CLASSES)));
            UNetGraph net = new UNetGraph(tf, initial, seed);
            Operand<TFloat32> logits = tf.reshape(net.logits(x, h, w, c, CLASSES, BASE_FILTERS), tf.constant(new int[] {-1, CLASSES}));
            Operand<TFloat32> labels = tf.reshape(y, tf.constant(new int[] {-1, CLASSES}));
            Operand<TFloat32> ce = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, labels).loss(), tf.constant(0));
            // Soft Dice over the tumour classes counters the background's 95 % share of pixels.
            Operand<TFloat32> probs = tf.nn.softmax(logits);
            Operand<TFloat32> inter = tf.reduceSum(tf.math.mul(probs, labels), tf.constant(0));
            Operand<TFloat32> denom = tf.reduceSum(tf.math.add(probs, labels), tf.constant(0));
            Operand<TFloat32> one = tf.constant(1f);
            Operand<TFloat32> dice = tf.math.realDiv(tf.math.add(tf.math.mul(tf.constant(2f), inter), one), tf.math.add(denom, one));
            Operand<TFloat32> meanDice = tf.reduceSum(tf.math.mul(dice, tf.constant(new float[] {0, 1 / 3f, 1 / 3f, 1 / 3f})), tf.constant(0));
            Operand<TFloat32> loss = tf.math.add(ce, tf.math.sub(one, meanDice));
            Op trainOp = new Adam(g, learningRate).minimize(loss);
            s.initialize();

            float[] bx = new float[BATCH * h * w * c];
            float[] by = new float[BATCH * h * w * CLASSES];
            double lossSum = 0;
            double diceSum = 0;
            int logged = 0;
            for (int step = fromStep; step < toStep; step++) {
                double minutes = (System.nanoTime() - start) / 6e10;
                if (minutes > maxMinutes) {
                    System.out.printf(Locale.ROOT, "time budget of %.1f min reached at step %d%n", maxMinutes, step);
                    break;
                }
                if (step % 2 == 0) {
                    sampler.addPhantom(12);
                }
                sampler.batch(bx, by, BATCH);
                try (TFloat32 tx = TFloat32.tensorOf(Shape.of(BATCH, h, w, c), DataBuffers.of(bx, true, false));
                     TFloat32 ty = TFloat32.tensorOf(Shape.of(BATCH, h, w, CLASSES), DataBuffers.of(by, true, false));
                     Result r = s.runner().feed(x, tx).feed(y, ty).addTarget(trainOp).fetch(loss).fetch(meanDice).run()) {
                    lossSum += ((TFloat32) r.get(0)).getFloat();
                    diceSum += ((TFloat32) r.get(1)).getFloat();
                    logged++;
                }
                if ((step + 1) % 50 == 0) {
                    System.out.printf(Locale.ROOT, "step %d  lr %.0e  loss %.4f  soft-dice %.4f  %.1f min%n", step + 1,
                            learningRate, lossSum / logged, diceSum / logged, (System.nanoTime() - start) / 6e10);
                    lossSum = 0;
                    diceSum = 0;
                    logged = 0;
                }
            }
            return fetchWeights(s, net);
        }
    }

    private static Map<String, float[]> fetchWeights(Session s, UNetGraph net) {
        Map<String, float[]> weights = new HashMap<>();
        for (Map.Entry<String, Variable<TFloat32>> e : net.variables().entrySet()) {
            try (Result r = s.runner().fetch(e.getValue()).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                float[] v = new float[(int) t.shape().size()];
                t.copyTo(DataBuffers.of(v, false, false));
                weights.put(e.getKey(), v);
            }
        }
        return weights;
    }

    /** Builds a fresh inference graph holding only the trained weights and writes it as a SavedModel. */
    static void export(Map<String, float[]> weights, Path out) throws IOException {
        ModelInput input = PhantomModelManifest.input();
        Files.createDirectories(out);
        deleteRecursively(out.resolve("variables"));
        Files.deleteIfExists(out.resolve("saved_model.pb"));
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.withName("image").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, input.height(), input.width(), input.channels().size())));
            UNetGraph net = new UNetGraph(tf, weights, 0);
            Operand<TFloat32> probs = tf.withName("probabilities").nn.softmax(
                    net.logits(x, input.height(), input.width(), input.channels().size(), CLASSES, BASE_FILTERS));
            s.initialize();
            Signature sig = Signature.builder().key("serving_default").methodName("tensorflow/serving/predict")
                    .input("image", x).output("probabilities", probs).build();
            SavedModelBundle.exporter(out.toString()).withSession(s).withFunction(s.function(sig)).export();
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + List.of(args));
            }
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }
}
