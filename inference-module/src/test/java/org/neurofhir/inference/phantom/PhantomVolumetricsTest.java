package org.neurofhir.inference.phantom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.inference.volumetrics.RegionMeasurement;
import org.neurofhir.inference.volumetrics.TumourRegion;
import org.neurofhir.inference.volumetrics.TumourVolumetrics;

class PhantomVolumetricsTest {

    private final PhantomGenerator generator = new PhantomGenerator();

    @Test
    void voxelVolumesOfTheGroundTruthMatchTheAnalyticVolumesWithinTwoPercent() {
        for (long seed : new long[] {11, 12, 13}) {
            Phantom p = generator.generate(PhantomSpec.brats(seed));
            Map<TumourRegion, RegionMeasurement> m = new TumourVolumetrics().measure(p.truth(), null);
            for (TumourRegion r : TumourRegion.values()) {
                double analytic = p.analyticVolumeCm3(r);
                assertThat(analytic).as("seed %d %s", seed, r).isGreaterThan(0.5);
                assertThat(m.get(r).volumeCm3()).as("seed %d %s volume", seed, r).isCloseTo(analytic, within(0.02 * analytic));
            }
        }
    }

    @Test
    void centroidAndBoundingBoxAreInPatientMillimetres() {
        Phantom p = generator.generate(PhantomSpec.fieldOfView(120, 75, 21));
        RegionMeasurement core = new TumourVolumetrics().measure(p.truth(), null).get(TumourRegion.TUMOUR_CORE);
        double[] c = p.tumourCentreRasMm();
        // The shapes are star-shaped around the centre but not symmetric: the centroid lies within a few mm.
        for (int d = 0; d < 3; d++) {
            assertThat(core.centroidMm()[d]).isCloseTo(c[d], within(6.0));
            assertThat(core.boundingBoxMinMm()[d]).isLessThan(c[d]);
            assertThat(core.boundingBoxMaxMm()[d]).isGreaterThan(c[d]);
        }
    }

    @Test
    void sameSeedGivesIdenticalPhantomsAndOtherSeedsDiffer() {
        Phantom a = generator.generate(PhantomSpec.fieldOfView(64, 30, 5));
        Phantom b = generator.generate(PhantomSpec.fieldOfView(64, 30, 5));
        Phantom c = generator.generate(PhantomSpec.fieldOfView(64, 30, 6));
        assertThat(a.volume().channel(Sequence.FLAIR)).containsExactly(b.volume().channel(Sequence.FLAIR));
        assertThat(a.truth().labels()).containsExactly(b.truth().labels());
        assertThat(a.truth().labels()).isNotEqualTo(c.truth().labels());
    }

    @Test
    void tumourHasTheExpectedContrastPerSequence() {
        Phantom p = generator.generate(PhantomSpec.fieldOfView(128, 60, 31));
        double enhancingT1ce = mean(p, Sequence.T1CE, 4);
        double necroticT1ce = mean(p, Sequence.T1CE, 1);
        double oedemaFlair = mean(p, Sequence.FLAIR, 2);
        double brainFlair = mean(p, Sequence.FLAIR, 0);
        assertThat(enhancingT1ce).isGreaterThan(3 * necroticT1ce);
        assertThat(oedemaFlair).isGreaterThan(1.5 * brainFlair);
    }

    private static double mean(Phantom p, Sequence s, int label) {
        float[] v = p.volume().channel(s);
        double sum = 0;
        long n = 0;
        for (int i = 0; i < v.length; i++) {
            if (p.truth().label(i) == label && v[i] != 0) {
                sum += v[i];
                n++;
            }
        }
        return sum / n;
    }
}
