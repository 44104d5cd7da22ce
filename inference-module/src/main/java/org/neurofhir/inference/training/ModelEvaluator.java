package org.neurofhir.inference.training;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurofhir.inference.model.LoadedModel;
import org.neurofhir.inference.model.ModelManifest;
import org.neurofhir.inference.model.ModelManifestReader;
import org.neurofhir.inference.model.ModelRegistry;
import org.neurofhir.inference.phantom.Phantom;
import org.neurofhir.inference.phantom.PhantomGenerator;
import org.neurofhir.inference.phantom.PhantomSpec;
import org.neurofhir.inference.segmentation.SegmentationResult;
import org.neurofhir.inference.segmentation.UNetSegmenter;
import org.neurofhir.inference.volumetrics.DiceScore;
import org.neurofhir.inference.volumetrics.TumourRegion;

/**
 * Measures a model on the held-out phantoms (Dice per region, volume error against the analytic volumes) and
 * records the figures in its model.json and MODEL_CARD.md.
 * Usage: {@code ModelEvaluator --model-dir models/<id> [--native 8] [--brats 2]}.
 */
public final class ModelEvaluator {

    /** Mean Dice and mean absolute volume error (%) per region over a set of phantoms. */
    public record Evaluation(int phantoms, Map<TumourRegion, Double> meanDice, Map<TumourRegion, Double> minDice,
                             Map<TumourRegion, Double> meanVolumeErrorPercent, double meanSeconds) {
    }

    public static Evaluation evaluate(LoadedModel model, List<PhantomSpec> specs) throws InterruptedException {
        UNetSegmenter segmenter = new UNetSegmenter(model);
        PhantomGenerator generator = new PhantomGenerator();
        Map<TumourRegion, Double> dice = new EnumMap<>(TumourRegion.class);
        Map<TumourRegion, Double> minDice = new EnumMap<>(TumourRegion.class);
        Map<TumourRegion, Double> volErr = new EnumMap<>(TumourRegion.class);
        double seconds = 0;
        for (PhantomSpec spec : specs) {
            Phantom p = generator.generate(spec);
            long t0 = System.nanoTime();
            SegmentationResult r = segmenter.segment(p.volume());
            seconds += (System.nanoTime() - t0) / 1e9;
            for (TumourRegion region : TumourRegion.values()) {
                double d = DiceScore.of(r.labelMap(), p.truth(), region);
                dice.merge(region, d / specs.size(), Double::sum);
                minDice.merge(region, d, Math::min);
                double truth = p.analyticVolumeCm3(region);
                volErr.merge(region, 100 * Math.abs(r.volumeCm3(region) - truth) / truth / specs.size(), Double::sum);
            }
        }
        return new Evaluation(specs.size(), dice, minDice, volErr, seconds / specs.size());
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = PhantomModelTrainer.parse(args);
        Path dir = Path.of(a.getOrDefault("model-dir", "models/brats-phantom-unet2d")).toAbsolutePath().normalize();
        int nativeCount = Integer.parseInt(a.getOrDefault("native", "8"));
        int bratsCount = Integer.parseInt(a.getOrDefault("brats", "2"));
        String id = dir.getFileName().toString();
        try (ModelRegistry registry = new ModelRegistry(dir.getParent(), 1)) {
            LoadedModel model = registry.get(id);
            Evaluation nat = evaluate(model, HeldOutPhantoms.nativeGrid(nativeCount));
            Evaluation brats = evaluate(model, HeldOutPhantoms.bratsGrid(bratsCount));
            print("native 128×128×60 @ 1.875×1.875×2.5 mm", nat);
            print("BraTS 240×240×155 @ 1 mm", brats);
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (TumourRegion r : TumourRegion.values()) {
                metrics.put("heldOutDice." + r.code(), round(nat.meanDice().get(r)));
            }
            for (TumourRegion r : TumourRegion.values()) {
                metrics.put("heldOutDice240." + r.code(), round(brats.meanDice().get(r)));
                metrics.put("volumeErrorPercent240." + r.code(), round(brats.meanVolumeErrorPercent().get(r)));
            }
            ModelManifest m = model.manifest();
            ModelManifest updated = new ModelManifest(m.id(), m.version(), m.description(), m.signature(), m.input(),
                    m.output(), m.classes(), m.largestConnectedComponent(), m.batchSize(), m.intendedUse(),
                    m.trainingData(), metrics);
            new ModelManifestReader().write(updated, dir.resolve("model.json"));
            Files.writeString(dir.resolve("MODEL_CARD.md"), ModelCard.render(updated, nat, brats), StandardCharsets.UTF_8);
            System.out.println("updated " + dir.resolve("model.json") + " and MODEL_CARD.md");
        }
    }

    private static void print(String title, Evaluation e) {
        System.out.println(title + " (" + e.phantoms() + " held-out phantoms, " + String.format(Locale.ROOT, "%.2f s/volume", e.meanSeconds()) + ")");
        for (TumourRegion r : TumourRegion.values()) {
            System.out.printf(Locale.ROOT, "  %-18s dice mean %.4f min %.4f  volume error %.2f %%%n", r.code(),
                    e.meanDice().get(r), e.minDice().get(r), e.meanVolumeErrorPercent().get(r));
        }
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    static List<String> lines(Evaluation e) {
        List<String> out = new ArrayList<>();
        for (TumourRegion r : TumourRegion.values()) {
            out.add(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.1f %% |", r.display(), e.meanDice().get(r),
                    e.minDice().get(r), e.meanVolumeErrorPercent().get(r)));
        }
        return out;
    }
}
