import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.neurofhir.inference.model.LoadedModel;
import org.neurofhir.inference.model.ModelRegistry;
import org.neurofhir.inference.phantom.Phantom;
import org.neurofhir.inference.phantom.PhantomGenerator;
import org.neurofhir.inference.phantom.PhantomSpec;
import org.neurofhir.inference.segmentation.SegmentationResult;
import org.neurofhir.inference.segmentation.UNetSegmenter;

/**
 * Inference benchmark: model load time, seconds per 240×240×155 4-sequence volume, slices/s and peak RSS,
 * printed as one JSON object. Run via bench/inference/run.sh.
 */
public class InferenceBenchmark {
    public static void main(String[] args) throws Exception {
        String modelId = args.length > 0 ? args[0] : "brats-phantom-unet2d";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Phantom p = new PhantomGenerator().generate(PhantomSpec.brats(123));
        long rssBeforeLoad = status("VmRSS:");
        long t0 = System.nanoTime();
        try (ModelRegistry registry = ModelRegistry.withDefaults()) {
            LoadedModel model = registry.get(modelId);
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            long rssAfterLoad = status("VmRSS:");
            UNetSegmenter segmenter = new UNetSegmenter(model);
            long tw = System.nanoTime();
            segmenter.segment(p.volume()); // first run pays graph optimisation
            double firstSeconds = (System.nanoTime() - tw) / 1e9;
            double best = Double.MAX_VALUE;
            double total = 0;
            SegmentationResult last = null;
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                last = segmenter.segment(p.volume());
                double s = (System.nanoTime() - t) / 1e9;
                best = Math.min(best, s);
                total += s;
            }
            double mean = total / runs;
            System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"volume\":\"240x240x155x4 @1mm\",\"cpus\":%d,"
                            + "\"modelLoadSeconds\":%.3f,\"firstVolumeSeconds\":%.3f,\"secondsPerVolume\":%.3f,"
                            + "\"bestSecondsPerVolume\":%.3f,\"slicesPerSecond\":%.1f,\"batchSize\":%d,"
                            + "\"rssBeforeLoadMB\":%d,\"rssAfterLoadMB\":%d,\"peakRssMB\":%d,\"wholeTumourCm3\":%.2f}%n",
                    modelId, Runtime.getRuntime().availableProcessors(), loadSeconds, firstSeconds, mean, best,
                    155 / mean, model.manifest().batchSize(), rssBeforeLoad / 1024, rssAfterLoad / 1024,
                    status("VmHWM:") / 1024,
                    last.volumeCm3(org.neurofhir.inference.volumetrics.TumourRegion.WHOLE_TUMOUR));
        }
    }

    private static long status(String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
