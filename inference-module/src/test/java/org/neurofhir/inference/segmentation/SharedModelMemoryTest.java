package org.neurofhir.inference.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.neurofhir.inference.model.LoadedModel;
import org.neurofhir.inference.model.ModelRegistry;
import org.neurofhir.inference.phantom.Phantom;
import org.neurofhir.inference.phantom.PhantomGenerator;
import org.neurofhir.inference.phantom.PhantomSpec;
import org.neurofhir.inference.volume.InvalidVolumeException;
import org.neurofhir.inference.volume.MrVolume;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.inference.volumetrics.TumourRegion;

class SharedModelMemoryTest {

    @Test
    void fiftySegmentationsDoNotLeakNativeMemoryAndConcurrentCallersAgree() throws Exception {
        try (ModelRegistry registry = new ModelRegistry(ModelRegistry.defaultModelsDirectory(), 2)) {
            LoadedModel model = registry.get(ShippedModelTest.MODEL_ID);
            assertThat(registry.get(ShippedModelTest.MODEL_ID)).isSameAs(model);
            UNetSegmenter segmenter = new UNetSegmenter(model);
            Phantom p = new PhantomGenerator().generate(PhantomSpec.fieldOfView(64, 24, 77));
            double expected = segmenter.segment(p.volume()).volumeCm3(TumourRegion.WHOLE_TUMOUR);

            for (int i = 0; i < 10; i++) {
                segmenter.segment(p.volume());
            }
            System.gc();
            long rssAfterWarmUp = residentKb();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Double>> runs = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    runs.add(pool.submit(() -> segmenter.segment(p.volume()).volumeCm3(TumourRegion.WHOLE_TUMOUR)));
                }
                for (Future<Double> f : runs) {
                    assertThat(f.get()).isEqualTo(expected);
                }
            } finally {
                pool.shutdown();
            }
            System.gc();
            long growthMb = (residentKb() - rssAfterWarmUp) / 1024;
            // An unclosed output tensor per run would add 40 × 128×128×4 floats × 24 slices ≈ 250 MB.
            assertThat(growthMb).as("RSS growth over 40 more segmentations (MB)").isLessThan(60);
        }
    }

    @Test
    void refusesAVolumeWithoutTheSequencesTheModelNeeds() {
        try (ModelRegistry registry = ModelRegistry.withDefaults()) {
            UNetSegmenter segmenter = new UNetSegmenter(registry.get(ShippedModelTest.MODEL_ID));
            Phantom p = new PhantomGenerator().generate(PhantomSpec.fieldOfView(32, 8, 1));
            MrVolume flairOnly = new MrVolume(p.volume().grid(),
                    java.util.Map.of(Sequence.FLAIR, p.volume().channel(Sequence.FLAIR)));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> segmenter.segment(flairOnly))
                    .isInstanceOf(InvalidVolumeException.class).hasMessageContaining("lacks [T1, T1CE, T2]");
        }
    }

    static long residentKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
