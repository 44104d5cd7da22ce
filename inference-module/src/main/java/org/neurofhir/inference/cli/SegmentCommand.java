package org.neurofhir.inference.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurofhir.inference.model.LoadedModel;
import org.neurofhir.inference.model.ModelLoadException;
import org.neurofhir.inference.model.ModelManifest;
import org.neurofhir.inference.model.ModelRegistry;
import org.neurofhir.inference.render.DisplayConvention;
import org.neurofhir.inference.nifti.NiftiReader;
import org.neurofhir.inference.segmentation.SegmentationResult;
import org.neurofhir.inference.segmentation.UNetSegmenter;
import org.neurofhir.inference.volume.InvalidVolumeException;
import org.neurofhir.inference.volume.MrVolume;
import org.neurofhir.inference.volume.ScalarVolume;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.inference.volumetrics.RegionMeasurement;
import org.neurofhir.inference.volumetrics.TumourRegion;

/**
 * {@code segment --t1 F --t1ce F --t2 F --flair F --model ID --out DIR [--json] [--models-dir DIR]}: segments one
 * study, prints the volumes (table or JSON) and writes {@code labels.nii.gz}, {@code overlay.png} and
 * {@code volumes.json} into DIR. Exit 0 on success, 2 on a usage error, 1 on bad input or model.
 */
public final class SegmentCommand {

    static final int OK = 0;
    static final int BAD_INPUT = 1;
    static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: segment --t1 FILE --t1ce FILE --t2 FILE --flair FILE --model ID --out DIR [--json] [--models-dir DIR]
                             [--neurological]
              FILEs are NIfTI-1 (.nii or .nii.gz) on one grid; only the sequences the model uses are required.
              Writes DIR/labels.nii.gz (BraTS labels 0/1/2/4), DIR/overlay.png and DIR/volumes.json.
              overlay.png is drawn in radiological convention (patient's right on image left) unless --neurological.""";

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status. Never throws for bad input. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> opts = new LinkedHashMap<>();
        boolean json = false;
        DisplayConvention convention = DisplayConvention.RADIOLOGICAL;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--json")) {
                json = true;
            } else if (a.equals("--neurological")) {
                convention = DisplayConvention.NEUROLOGICAL;
            } else if (a.equals("--help") || a.equals("-h")) {
                out.println(USAGE_TEXT);
                return OK;
            } else if (List.of("--t1", "--t1ce", "--t2", "--flair", "--model", "--out", "--models-dir").contains(a)) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    return usage(err, a + " needs a value");
                }
                opts.put(a.substring(2), args[++i]);
            } else {
                return usage(err, "unknown argument '" + a + "'");
            }
        }
        if (!opts.containsKey("model")) {
            return usage(err, "--model is required");
        }
        if (!opts.containsKey("out")) {
            return usage(err, "--out is required");
        }
        try {
            Path modelsDir = opts.containsKey("models-dir") ? Path.of(opts.get("models-dir")) : ModelRegistry.defaultModelsDirectory();
            try (ModelRegistry registry = new ModelRegistry(modelsDir, 1)) {
                ModelManifest manifest = registry.manifest(opts.get("model"));
                MrVolume volume = readVolume(opts, manifest, err);
                if (volume == null) {
                    return USAGE;
                }
                Path outDir = prepareOutput(Path.of(opts.get("out")));
                LoadedModel model = registry.get(manifest.id());
                SegmentationResult result = new UNetSegmenter(model).segment(volume);
                Path labels = outDir.resolve("labels.nii.gz");
                Path overlay = outDir.resolve("overlay.png");
                Path volumes = outDir.resolve("volumes.json");
                Map<String, Object> report = SegmentationReport.of(result, labels, overlay);
                writeAtomically(labels, result.labelMapNifti(true));
                writeAtomically(overlay, result.overlayPng(volume, convention));
                ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                writeAtomically(volumes, mapper.writeValueAsBytes(report));
                if (json) {
                    out.println(mapper.writeValueAsString(report));
                } else {
                    printTable(result, out);
                    out.println("wrote " + labels + ", " + overlay + ", " + volumes);
                }
                return OK;
            }
        } catch (ModelLoadException | IllegalArgumentException e) {
            err.println("segment: error: " + e.getMessage());
            return BAD_INPUT;
        } catch (IOException e) {
            err.println("segment: error: cannot write output: " + e.getMessage());
            return BAD_INPUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("segment: interrupted");
            return BAD_INPUT;
        }
    }

    private static MrVolume readVolume(Map<String, String> opts, ModelManifest manifest, PrintStream err) {
        List<String> missing = new ArrayList<>();
        for (Sequence s : manifest.input().channels()) {
            if (!opts.containsKey(s.code().toLowerCase(Locale.ROOT))) {
                missing.add("--" + s.code().toLowerCase(Locale.ROOT));
            }
        }
        if (!missing.isEmpty()) {
            usage(err, "model '" + manifest.id() + "' needs " + manifest.input().channels() + "; missing " + String.join(", ", missing));
            return null;
        }
        NiftiReader reader = new NiftiReader();
        Map<Sequence, ScalarVolume> sequences = new EnumMap<>(Sequence.class);
        for (Sequence s : manifest.input().channels()) {
            Path file = Path.of(opts.get(s.code().toLowerCase(Locale.ROOT)));
            try {
                sequences.put(s, reader.read(file));
            } catch (InvalidVolumeException e) {
                throw new InvalidVolumeException(s.code() + ": " + e.getMessage(), e);
            }
        }
        return MrVolume.of(sequences);
    }

    private static Path prepareOutput(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " exists and is not a directory");
        }
        return Files.createDirectories(dir);
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".segment-", ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void printTable(SegmentationResult r, PrintStream out) {
        out.printf(Locale.ROOT, "model %s %s, %d ms%n", r.modelId(), r.modelVersion(), r.elapsedMillis());
        out.printf(Locale.ROOT, "%-18s %12s %10s %12s%n", "region", "volume cm3", "voxels", "mean prob");
        for (TumourRegion region : TumourRegion.values()) {
            RegionMeasurement m = r.region(region);
            out.printf(Locale.ROOT, "%-18s %12.2f %10d %12.3f%n", region.code(), m.volumeCm3(), m.voxelCount(), m.meanProbability());
        }
    }

    private static int usage(PrintStream err, String why) {
        err.println("segment: " + why);
        err.println(USAGE_TEXT);
        return USAGE;
    }
}
