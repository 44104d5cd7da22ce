package org.neurofhir.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.inference.phantom.Phantom;
import org.neurofhir.inference.phantom.PhantomGenerator;
import org.neurofhir.inference.phantom.PhantomSpec;
import org.neurofhir.inference.segmentation.SegmentationResult;
import org.neurofhir.inference.segmentation.UNetSegmenter;
import org.neurofhir.inference.volume.MrVolume;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.inference.volumetrics.DiceScore;
import org.neurofhir.inference.volumetrics.TumourRegion;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A user's notebook model (2 channels FLAIR + T1CE, 128×128, 4 classes, Keras-style tensor names, logits out)
 * is usable by writing only a manifest. The model is a 1×1 convolution whose weights encode a crude radiological
 * rule (enhancing: bright T1CE; oedema: bright FLAIR; necrosis: dark T1CE but not CSF-dark FLAIR), so feeding
 * the channels in the manifest's order is what makes its output right.
 */
class TwoChannelUserModelTest {

    @TempDir
    Path models;

    @Test
    void runsA2ChannelKerasStyleModelFromAManifestAlone() throws Exception {
        exportRuleModel(models.resolve("notebook-unet"));
        writeManifest("notebook-unet", "[\"FLAIR\", \"T1CE\"]", 4, "input_layer");
        // Same weights, manifest claiming the opposite channel order: the runtime must honour the manifest.
        exportRuleModel(models.resolve("notebook-unet-swapped"));
        writeManifest("notebook-unet-swapped", "[\"T1CE\", \"FLAIR\"]", 4, "input_layer");
        try (ModelRegistry registry = new ModelRegistry(models, 1)) {
            Phantom p = new PhantomGenerator().generate(PhantomSpec.fieldOfView(128, 40, 4242));
            MrVolume twoSequences = new MrVolume(p.volume().grid(), java.util.Map.of(
                    Sequence.FLAIR, p.volume().channel(Sequence.FLAIR), Sequence.T1CE, p.volume().channel(Sequence.T1CE)));
            SegmentationResult r = new UNetSegmenter(registry.get("notebook-unet")).segment(twoSequences);
            for (int i = 0; i < r.labelMap().labels().length; i++) {
                assertThat(r.labelMap().label(i)).isIn(0, 1, 2, 4);
            }
            double wholeTumour = DiceScore.of(r.labelMap(), p.truth(), TumourRegion.WHOLE_TUMOUR);
            assertThat(wholeTumour).isGreaterThan(0.6);
            double oedema = DiceScore.of(r.labelMap(), p.truth(), TumourRegion.OEDEMA);
            assertThat(oedema).isGreaterThan(0.5);

            SegmentationResult swapped = new UNetSegmenter(registry.get("notebook-unet-swapped")).segment(twoSequences);
            assertThat(DiceScore.of(swapped.labelMap(), p.truth(), TumourRegion.OEDEMA)).isLessThan(oedema - 0.3);
        }
    }

    @Test
    void refusesAManifestThatDisagreesWithTheSignature() throws Exception {
        exportRuleModel(models.resolve("wrong-channels"));
        writeManifest("wrong-channels", "[\"FLAIR\", \"T1CE\", \"T2\"]", 4, "input_layer");
        exportRuleModel(models.resolve("wrong-name"));
        writeManifest("wrong-name", "[\"FLAIR\", \"T1CE\"]", 4, "image");
        try (ModelRegistry registry = new ModelRegistry(models, 1)) {
            assertThatThrownBy(() -> registry.get("wrong-channels")).isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("does not match its SavedModel")
                    .hasMessageContaining("input shape is [?, 128, 128, 2] but the manifest implies [?, 128, 128, 3]");
            assertThatThrownBy(() -> registry.get("wrong-name")).hasMessageContaining("signature has no input 'image'");
            assertThatThrownBy(() -> registry.get("no-such-model")).hasMessageContaining("unknown model 'no-such-model'");
            assertThatThrownBy(() -> registry.get("../etc")).hasMessageContaining("invalid model id");
        }
    }

    @Test
    void refusesAnInconsistentManifest() throws Exception {
        exportRuleModel(models.resolve("bad-labels"));
        writeManifest("bad-labels", "[\"FLAIR\", \"T1CE\"]", 4, "input_layer");
        Path file = models.resolve("bad-labels/model.json");
        Files.writeString(file, Files.readString(file).replace("\"label\": 4", "\"label\": 3"));
        try (ModelRegistry registry = new ModelRegistry(models, 1)) {
            assertThatThrownBy(() -> registry.get("bad-labels")).isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("must map to BraTS label 4, got 3");
        }
    }

    private void writeManifest(String id, String channels, int classes, String inputName) throws Exception {
        String json = """
                {
                  "id": "%s",
                  "version": "0.1",
                  "input": {"tensor": "%s", "height": 128, "width": 128, "channels": %s,
                            "normalisation": "zscore-nonzero", "inPlane": "resize"},
                  "output": {"tensor": "output_0", "activation": "logits"},
                  "classes": [
                    {"index": 0, "label": 0, "region": "background", "name": "Background", "colour": "#000000"},
                    {"index": 1, "label": 1, "region": "necrotic-core", "name": "Necrotic", "colour": "#FF0000"},
                    {"index": 2, "label": 2, "region": "oedema", "name": "Oedema", "colour": "#00FF00"},
                    {"index": 3, "label": 4, "region": "enhancing-tumour", "name": "Enhancing", "colour": "#0000FF"}
                  ],
                  "batchSize": 16
                }
                """.formatted(id, inputName, channels);
        Files.writeString(models.resolve(id).resolve("model.json"), json);
    }

    /** Logits = 1×1 conv over z-scored [FLAIR, T1CE]; exported the way Keras names a functional model's tensors. */
    static void exportRuleModel(Path dir) throws Exception {
        float[] w = { // [1,1,2,4]: rows = input channel (FLAIR, T1CE), columns = class
            0f, 2.5f, 4f, 0f,
            0f, -4f, -2f, 4f};
        float[] b = {0f, -8f, -7f, -4.5f};
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.withName("input_layer").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 128, 128, 2)));
            Variable<TFloat32> kernel = tf.withName("kernel").variable(tf.constant(Shape.of(1, 1, 2, 4), DataBuffers.of(w, true, false)));
            Variable<TFloat32> bias = tf.withName("bias").variable(tf.constant(Shape.of(4), DataBuffers.of(b, true, false)));
            var logits = tf.withName("output_0").nn.biasAdd(tf.nn.conv2d(x, kernel, List.of(1L, 1L, 1L, 1L), "SAME"), bias);
            s.initialize();
            Signature sig = Signature.builder().key("serving_default").input("input_layer", x).output("output_0", logits).build();
            SavedModelBundle.exporter(dir.toString()).withSession(s).withFunction(s.function(sig)).export();
        }
    }
}
