package org.neurofhir.inference.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/**
 * A SavedModel loaded once and shared by concurrent callers. TensorFlow sessions are thread-safe, but each
 * concurrent batch holds its own native activations, so a semaphore bounds how many run at once.
 * Every tensor is closed before {@link #predict} returns.
 */
public final class LoadedModel implements AutoCloseable {

    static {
        // before this class can reach TensorFlow: its native log level is fixed when the library loads
        TensorFlowNativeLogs.quietUnlessConfigured();
    }

    private final ModelManifest manifest;
    private final Path directory;
    private final SavedModelBundle bundle;
    private final String inputName;
    private final String outputName;
    private final Semaphore permits;
    private final int maxConcurrent;
    private final long loadMillis;
    private volatile boolean closed;

    private LoadedModel(ModelManifest manifest, Path directory, SavedModelBundle bundle, String inputName,
                        String outputName, int maxConcurrent, long loadMillis) {
        this.manifest = manifest;
        this.directory = directory;
        this.bundle = bundle;
        this.inputName = inputName;
        this.outputName = outputName;
        this.permits = new Semaphore(maxConcurrent, true);
        this.maxConcurrent = maxConcurrent;
        this.loadMillis = loadMillis;
    }

    /** Loads the SavedModel in {@code directory} and refuses it if its signature does not match the manifest. */
    public static LoadedModel load(ModelManifest manifest, Path directory, int maxConcurrent) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1");
        }
        if (!java.nio.file.Files.isRegularFile(directory.resolve("saved_model.pb"))) {
            throw new ModelLoadException("model '" + manifest.id() + "': no TensorFlow SavedModel (saved_model.pb) in " + directory);
        }
        long start = System.nanoTime();
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.loader(directory.toString()).withTags("serve").load();
        } catch (RuntimeException e) {
            throw new ModelLoadException("model '" + manifest.id() + "': TensorFlow cannot load the SavedModel in "
                    + directory + ": " + e.getMessage(), e);
        }
        try {
            SignatureDef sig = bundle.metaGraphDef().getSignatureDefMap().get(manifest.signature());
            if (sig == null) {
                throw mismatch(manifest, "SavedModel has no signature '" + manifest.signature() + "' (it has "
                        + bundle.metaGraphDef().getSignatureDefMap().keySet() + ")");
            }
            TensorInfo in = pick(manifest, "input", sig.getInputsMap(), manifest.input().tensor());
            TensorInfo out = pick(manifest, "output", sig.getOutputsMap(), manifest.output().tensor());
            ModelInput mi = manifest.input();
            checkShape(manifest, "input", in, mi.height(), mi.width(), mi.channels().size());
            checkShape(manifest, "output", out, mi.height(), mi.width(), manifest.classCount());
            long ms = (System.nanoTime() - start) / 1_000_000;
            return new LoadedModel(manifest, directory, bundle, in.getName(), out.getName(), maxConcurrent, ms);
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    private static TensorInfo pick(ModelManifest m, String what, Map<String, TensorInfo> map, String wanted) {
        if (wanted == null || wanted.isBlank()) {
            if (map.size() != 1) {
                throw mismatch(m, "manifest names no " + what + " tensor and the signature has " + map.keySet());
            }
            return map.values().iterator().next();
        }
        TensorInfo t = map.get(wanted);
        if (t == null) {
            throw mismatch(m, "signature has no " + what + " '" + wanted + "' (it has " + map.keySet() + ")");
        }
        return t;
    }

    private static void checkShape(ModelManifest m, String what, TensorInfo t, long h, long w, long c) {
        if (t.getDtype() != DataType.DT_FLOAT) {
            throw mismatch(m, what + " dtype is " + t.getDtype() + ", expected DT_FLOAT");
        }
        List<TensorShapeProto.Dim> dims = t.getTensorShape().getDimList();
        if (t.getTensorShape().getUnknownRank() || dims.size() != 4) {
            throw mismatch(m, what + " must be rank 4 [batch, height, width, channels], got " + describe(t));
        }
        long[] expected = {-1, h, w, c};
        for (int d = 1; d < 4; d++) {
            long size = dims.get(d).getSize();
            if (size != -1 && size != expected[d]) {
                throw mismatch(m, what + " shape is " + describe(t) + " but the manifest implies [?, " + h + ", " + w + ", " + c + "]");
            }
        }
    }

    private static String describe(TensorInfo t) {
        StringBuilder sb = new StringBuilder("[");
        for (TensorShapeProto.Dim d : t.getTensorShape().getDimList()) {
            sb.append(sb.length() > 1 ? ", " : "").append(d.getSize() < 0 ? "?" : String.valueOf(d.getSize()));
        }
        return sb.append(']').toString();
    }

    private static ModelLoadException mismatch(ModelManifest m, String why) {
        return new ModelLoadException("model '" + m.id() + "' manifest does not match its SavedModel: " + why);
    }

    /**
     * Runs {@code count} slices starting at slice {@code first} of {@code input} (layout [slice][h][w][c]) and
     * writes their probabilities (layout [slice][h][w][class], softmax applied if the model emits logits) to
     * the start of {@code output}. Blocks while the concurrency bound is reached.
     */
    public void predict(float[] input, int first, int count, float[] output) throws InterruptedException {
        ModelInput mi = manifest.input();
        int inSize = mi.height() * mi.width() * mi.channels().size();
        int classes = manifest.classCount();
        int outSize = mi.height() * mi.width() * classes;
        if (output.length < (long) count * outSize) {
            throw new IllegalArgumentException("output buffer too small");
        }
        permits.acquire();
        try {
            if (closed) {
                throw new IllegalStateException("model '" + manifest.id() + "' is closed");
            }
            Shape shape = Shape.of(count, mi.height(), mi.width(), mi.channels().size());
            try (TFloat32 x = TFloat32.tensorOf(shape,
                    DataBuffers.of(input, true, false).slice((long) first * inSize, (long) count * inSize));
                 Result r = bundle.session().runner().feed(inputName, x).fetch(outputName).run()) {
                Tensor y = r.get(0);
                if (y.shape().numDimensions() != 4 || y.shape().size() != (long) count * outSize) {
                    throw new IllegalStateException("model '" + manifest.id() + "' returned shape " + y.shape());
                }
                ((TFloat32) y).copyTo(DataBuffers.of(output, false, false).slice(0, (long) count * outSize));
            }
        } finally {
            permits.release();
        }
        if (manifest.output().isLogits()) {
            softmaxInPlace(output, count * mi.height() * mi.width(), classes);
        }
    }

    private static void softmaxInPlace(float[] v, int pixels, int classes) {
        for (int p = 0; p < pixels; p++) {
            int o = p * classes;
            float max = v[o];
            for (int c = 1; c < classes; c++) {
                max = Math.max(max, v[o + c]);
            }
            float sum = 0;
            for (int c = 0; c < classes; c++) {
                v[o + c] = (float) Math.exp(v[o + c] - max);
                sum += v[o + c];
            }
            for (int c = 0; c < classes; c++) {
                v[o + c] /= sum;
            }
        }
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public Path directory() {
        return directory;
    }

    public long loadMillis() {
        return loadMillis;
    }

    @Override
    public void close() {
        // Wait for in-flight batches so the native session is never freed under a running call.
        permits.acquireUninterruptibly(maxConcurrent);
        try {
            if (!closed) {
                closed = true;
                bundle.close();
            }
        } finally {
            permits.release(maxConcurrent);
        }
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }
}
