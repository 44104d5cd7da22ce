package org.neurofhir.inference.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neurofhir.inference.model.LoadedModel;
import org.neurofhir.inference.model.ModelRegistry;
import org.neurofhir.inference.nifti.NiftiReader;
import org.neurofhir.inference.phantom.Phantom;
import org.neurofhir.inference.phantom.PhantomGenerator;
import org.neurofhir.inference.phantom.PhantomSpec;
import org.neurofhir.inference.training.HeldOutPhantoms;
import org.neurofhir.inference.training.ModelEvaluator;
import org.neurofhir.inference.volume.ScalarVolume;
import org.neurofhir.inference.volumetrics.TumourRegion;

/** The model committed in models/ meets the bar on phantoms it never saw. */
class ShippedModelTest {

    static final String MODEL_ID = "brats-phantom-unet2d";
    static ModelRegistry registry;
    static LoadedModel model;

    @BeforeAll
    static void load() {
        registry = ModelRegistry.withDefaults();
        model = registry.get(MODEL_ID);
    }

    @AfterAll
    static void close() {
        registry.close();
    }

    @Test
    void reachesDiceOfAtLeast090PerClassOnHeldOutPhantoms() throws Exception {
        ModelEvaluator.Evaluation e = ModelEvaluator.evaluate(model, HeldOutPhantoms.nativeGrid(8));
        for (TumourRegion r : TumourRegion.subRegions()) {
            assertThat(e.meanDice().get(r)).as("mean Dice for %s", r).isGreaterThanOrEqualTo(0.90);
        }
    }

    @Test
    void measuresVolumesOnTheBratsGridWithinFivePercentAndWritesOutputs() throws Exception {
        Phantom p = new PhantomGenerator().generate(HeldOutPhantoms.bratsGrid(1).get(0));
        SegmentationResult r = new UNetSegmenter(model).segment(p.volume());
        for (TumourRegion region : TumourRegion.values()) {
            double truth = p.analyticVolumeCm3(region);
            assertThat(r.volumeCm3(region)).as("%s volume", region).isCloseTo(truth, within(0.05 * truth));
            assertThat(r.region(region).meanProbability()).isBetween(0.5, 1.0);
        }
        double[] centre = p.tumourCentreRasMm();
        for (int d = 0; d < 3; d++) {
            assertThat(r.region(TumourRegion.WHOLE_TUMOUR).centroidMm()[d]).isCloseTo(centre[d], within(8.0));
        }

        ScalarVolume labels = new NiftiReader().read(r.labelMapNifti(true));
        assertThat(labels.grid().sameGridAs(p.volume().grid())).isTrue();
        for (int i = 0; i < labels.voxels().length; i += 97) {
            assertThat((int) labels.voxels()[i]).isEqualTo(r.labelMap().label(i));
        }
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.overlayPng(p.volume())));
        // 3 x 3 tiles of the 240-voxel slices, 6-pixel gaps, a title band (26) above and the legend (30) below
        assertThat(png.getWidth()).isEqualTo(3 * 240 + 2 * 6);
        assertThat(png.getHeight()).isEqualTo(26 + 3 * 240 + 2 * 6 + 30);
        assertThat(dominantChannels(png)).containsAll(List.of("red", "green", "blue"));
    }

    @Test
    void handlesSmallerGridsByResampling() throws Exception {
        Phantom p = new PhantomGenerator().generate(PhantomSpec.fieldOfView(96, 40, HeldOutPhantoms.SEED_BASE + 900));
        SegmentationResult r = new UNetSegmenter(model).segment(p.volume());
        double truth = p.analyticVolumeCm3(TumourRegion.WHOLE_TUMOUR);
        assertThat(r.volumeCm3(TumourRegion.WHOLE_TUMOUR)).isCloseTo(truth, within(0.10 * truth));
    }

    private static List<String> dominantChannels(BufferedImage img) {
        boolean red = false;
        boolean green = false;
        boolean blue = false;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                red |= r > g + 40 && r > b + 40;
                green |= g > r + 40 && g > b + 40;
                blue |= b > r + 40 && b > g + 40;
            }
        }
        return java.util.stream.Stream.of(red ? "red" : null, green ? "green" : null, blue ? "blue" : null)
                .filter(java.util.Objects::nonNull).toList();
    }
}
