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

            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                // Warm up on the same 4 threads: each new thread gets its own malloc arena and TF scratch once,
                // and the Java heap grows to its working size.
                runConcurrently(pool, segmenter, p, 20, expected);
                System.gc();
                long rssAfterWarmUp = residentKb();
                long previous = rssAfterWarmUp;
                long smallestRoundGrowthMb = Long.MAX_VALUE;
                for (int round = 0; round < 3; round++) {
                    runConcurrently(pool, segmenter, p, 10, expected);
                    System.gc();
                    long rss = residentKb();
                    smallestRoundGrowthMb = Math.min(smallestRoundGrowthMb, (rss - previous) / 1024);
                    previous = rss;
                    System.out.println("RSS after " + (30 + 10 * round) + " runs: " + rss / 1024 + " MB");
                }
                long growthMb = (residentKb() - rssAfterWarmUp) / 1024;
                // Leaking the output tensor of each batch (tested by removing its close) adds ~5.6 MB per run here:
                // ~56 MB in every round of 10, ~170 MB over the 30; the surefire config disables JavaCPP's GC clean-up
                // so the GC cannot hide it. Without a leak the RSS may still step up once (a malloc arena, seen: +32 MB
                // in one round, flat in the others), so a leak is growth in every round, not one step.
                assertThat(smallestRoundGrowthMb).as("smallest RSS growth of a round of 10 segmentations (MB)")
                    .isLessThan(20);
                assertThat(growthMb).as("RSS growth over 30 more segmentations (MB)").isLessThan(100);
            } finally {
                pool.shutdown();
            }
        }
    }

    private static void runConcurrently(ExecutorService pool, UNetSegmenter segmenter, Phantom p, int runs, double expected)
            throws Exception {
        List<Future<Double>> results = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            results.add(pool.submit(() -> segmenter.segment(p.volume()).volumeCm3(TumourRegion.WHOLE_TUMOUR)));
        }
        for (Future<Double> f : results) {
            assertThat(f.get()).isEqualTo(expected);
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
