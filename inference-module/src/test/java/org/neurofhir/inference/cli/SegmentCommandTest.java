package org.neurofhir.inference.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.inference.nifti.NiftiDatatype;
import org.neurofhir.inference.nifti.NiftiWriter;
import org.neurofhir.inference.phantom.Phantom;
import org.neurofhir.inference.phantom.PhantomGenerator;
import org.neurofhir.inference.phantom.PhantomSpec;
import org.neurofhir.inference.volume.ScalarVolume;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.inference.volume.VolumeGrid;

class SegmentCommandTest {

    @TempDir
    static Path dir;
    static Phantom phantom;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void writeStudy() throws Exception {
        phantom = new PhantomGenerator().generate(PhantomSpec.fieldOfView(96, 40, 31337));
        for (Sequence s : Sequence.values()) {
            new NiftiWriter().write(new ScalarVolume(phantom.volume().grid(), phantom.volume().channel(s)),
                    NiftiDatatype.FLOAT32, dir.resolve(s.code().toLowerCase() + ".nii.gz"));
        }
    }

    private int run(String... args) {
        return SegmentCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> study(String... overrides) {
        List<String> a = new ArrayList<>();
        for (Sequence s : Sequence.values()) {
            String flag = "--" + s.code().toLowerCase();
            a.add(flag);
            a.add(dir.resolve(s.code().toLowerCase() + ".nii.gz").toString());
        }
        for (int i = 0; i < overrides.length; i += 2) {
            int at = a.indexOf(overrides[i]);
            if (overrides[i + 1] == null) {
                a.remove(at + 1);
                a.remove(at);
            } else {
                a.set(at + 1, overrides[i + 1]);
            }
        }
        a.addAll(List.of("--model", "brats-phantom-unet2d"));
        return a;
    }

    @Test
    void segmentsAStudyAndWritesLabelMapOverlayAndJson() throws Exception {
        List<String> args = study();
        args.addAll(List.of("--out", dir.resolve("out").toString(), "--json"));
        assertThat(run(args.toArray(String[]::new))).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.at("/model/id").asText()).isEqualTo("brats-phantom-unet2d");
        assertThat(json.at("/regions/3/code").asText()).isEqualTo("whole-tumour");
        double truth = phantom.analyticVolumeCm3(org.neurofhir.inference.volumetrics.TumourRegion.WHOLE_TUMOUR);
        assertThat(json.at("/regions/3/volumeCm3").asDouble()).isBetween(0.9 * truth, 1.1 * truth);
        assertThat(dir.resolve("out/labels.nii.gz")).isNotEmptyFile();
        assertThat(dir.resolve("out/overlay.png")).isNotEmptyFile();
        assertThat(dir.resolve("out/volumes.json")).isNotEmptyFile();
    }

    /** The overlay's tiles mirror left-right between the two conventions (letters and labels aside). */
    @Test
    void overlayIsRadiologicalUnlessNeurologicalIsAsked() throws Exception {
        List<String> radiological = study();
        radiological.addAll(List.of("--out", dir.resolve("radiological").toString()));
        List<String> neurological = study();
        neurological.addAll(List.of("--out", dir.resolve("neurological").toString(), "--neurological"));
        assertThat(run(radiological.toArray(String[]::new))).isZero();
        assertThat(run(neurological.toArray(String[]::new))).isZero();
        BufferedImage r = ImageIO.read(dir.resolve("radiological/overlay.png").toFile());
        BufferedImage n = ImageIO.read(dir.resolve("neurological/overlay.png").toFile());
        int tile = 3 * 96;   // 96 voxels drawn 3 px wide
        int top = 26;        // title line
        int mirrored = 0;
        int differing = 0;
        for (int y = top + tile * 6 / 10; y < top + tile * 85 / 100; y++) {
            for (int x = 30; x < tile - 30; x++) {
                if (r.getRGB(x, y) == n.getRGB(tile - 1 - x, y)) {
                    mirrored++;
                }
                if (r.getRGB(x, y) != n.getRGB(x, y)) {
                    differing++;
                }
            }
        }
        int area = (tile * 25 / 100) * (tile - 60);
        assertThat(mirrored).isEqualTo(area);
        assertThat(differing).as("the phantom is not symmetric").isPositive();
    }

    @Test
    void printsATableByDefault() {
        List<String> args = study();
        args.addAll(List.of("--out", dir.resolve("table").toString()));
        assertThat(run(args.toArray(String[]::new))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("necrotic-core").contains("tumour-core").contains("volume cm3");
    }

    @Test
    void missingSequenceIsAUsageError() {
        List<String> args = study("--t1ce", null);
        args.addAll(List.of("--out", dir.resolve("x").toString()));
        assertThat(run(args.toArray(String[]::new))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing --t1ce").doesNotContain("Exception");
    }

    @Test
    void unreadableOrMismatchedInputGetsAClearErrorAndNoOutput() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.nii"), "not an image");
        List<String> args = study("--t2", garbage.toString());
        args.addAll(List.of("--out", dir.resolve("bad1").toString()));
        assertThat(run(args.toArray(String[]::new))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("segment: error: T2:").doesNotContain("\tat ");
        assertThat(dir.resolve("bad1")).doesNotExist();

        VolumeGrid other = VolumeGrid.centred(96, 96, 40, 2.5, 2.5, 4.0);
        Path shifted = dir.resolve("t1-other-grid.nii.gz");
        new NiftiWriter().write(new ScalarVolume(other, phantom.volume().channel(Sequence.T1)), NiftiDatatype.FLOAT32, shifted);
        err.reset();
        List<String> mismatched = study("--t1", shifted.toString());
        mismatched.addAll(List.of("--out", dir.resolve("bad2").toString()));
        assertThat(run(mismatched.toArray(String[]::new))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("different grids");
    }

    @Test
    void unknownModelAndUnknownFlagsAreReported() {
        List<String> args = study();
        args.set(args.indexOf("brats-phantom-unet2d"), "nope");
        args.addAll(List.of("--out", dir.resolve("y").toString()));
        assertThat(run(args.toArray(String[]::new))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown model 'nope'");
        assertThat(run("--frobnicate")).isEqualTo(2);
    }
}
