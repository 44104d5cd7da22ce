package org.neurofhir.inference.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.neurofhir.inference.nifti.NiftiDatatype;
import org.neurofhir.inference.nifti.NiftiWriter;
import org.neurofhir.inference.phantom.Phantom;
import org.neurofhir.inference.phantom.PhantomGenerator;
import org.neurofhir.inference.phantom.PhantomSpec;
import org.neurofhir.inference.volume.ScalarVolume;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.inference.volumetrics.TumourRegion;

/**
 * {@code make-phantom --out DIR [--seed N] [--size 240]}: writes a phantom study as NIfTI (t1, t1ce, t2, flair,
 * truth labels) and prints its analytic volumes; for demos and for trying {@code segment}.
 */
public final class PhantomCommand {

    public static void main(String[] args) throws IOException {
        String out = null;
        long seed = 1;
        int size = 240;
        try {
            for (int i = 0; i < args.length; i += 2) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--out" -> out = value;
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--size" -> size = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            if (out == null || size < 32 || size > 512) {
                throw new IllegalArgumentException("--out is required and --size must be 32..512");
            }
        } catch (RuntimeException e) {
            System.err.println("make-phantom: " + e.getMessage() + "\nusage: make-phantom --out DIR [--seed N] [--size 240]");
            System.exit(2);
            return;
        }
        PhantomSpec spec = size == 240 ? PhantomSpec.brats(seed) : PhantomSpec.fieldOfView(size, Math.max(16, size * 155 / 240), seed);
        Phantom p = new PhantomGenerator().generate(spec);
        NiftiWriter writer = new NiftiWriter();
        Path dir = Path.of(out);
        for (Sequence s : Sequence.values()) {
            writer.write(new ScalarVolume(p.volume().grid(), p.volume().channel(s)), NiftiDatatype.FLOAT32,
                    dir.resolve(s.code().toLowerCase(Locale.ROOT) + ".nii.gz"));
        }
        writer.write(p.truth().toScalarVolume(), NiftiDatatype.UINT8, dir.resolve("truth.nii.gz"));
        System.out.println("wrote " + dir + " (" + p.volume().grid().describe() + ", seed " + seed + ")");
        for (TumourRegion r : TumourRegion.values()) {
            System.out.printf(Locale.ROOT, "%-18s %10.2f cm3 (analytic)%n", r.code(), p.analyticVolumeCm3(r));
        }
    }
}
