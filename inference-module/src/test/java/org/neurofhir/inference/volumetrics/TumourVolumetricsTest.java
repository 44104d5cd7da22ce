package org.neurofhir.inference.volumetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurofhir.inference.volume.Affine;
import org.neurofhir.inference.volume.LabelMap;
import org.neurofhir.inference.volume.VolumeGrid;

class TumourVolumetricsTest {

    @Test
    void measuresVolumesCompositesBoxCentroidAndConfidence() {
        // 2×2×2 mm voxels, origin (10, 20, 30): a 4×4×4 necrotic cube inside a 6×6×6 enhancing shell, one oedema voxel.
        VolumeGrid g = new VolumeGrid(20, 20, 20, 2, 2, 2, Affine.diagonal(2, 2, 2, 10, 20, 30));
        byte[] labels = new byte[g.voxelCount()];
        float[] prob = new float[g.voxelCount()];
        Arrays.fill(prob, 0.5f);
        for (int k = 5; k < 11; k++) {
            for (int j = 5; j < 11; j++) {
                for (int i = 5; i < 11; i++) {
                    boolean inner = i > 5 && i < 10 && j > 5 && j < 10 && k > 5 && k < 10;
                    labels[g.index(i, j, k)] = (byte) (inner ? 1 : 4);
                    prob[g.index(i, j, k)] = inner ? 0.9f : 0.7f;
                }
            }
        }
        labels[g.index(15, 15, 15)] = 2;
        Map<TumourRegion, RegionMeasurement> m = new TumourVolumetrics().measure(new LabelMap(g, labels), prob);
        assertThat(m.get(TumourRegion.NECROTIC_CORE).volumeCm3()).isCloseTo(64 * 8 / 1000.0, within(1e-9));
        assertThat(m.get(TumourRegion.ENHANCING_TUMOUR).voxelCount()).isEqualTo(216 - 64);
        assertThat(m.get(TumourRegion.TUMOUR_CORE).voxelCount()).isEqualTo(216);
        assertThat(m.get(TumourRegion.WHOLE_TUMOUR).voxelCount()).isEqualTo(217);
        assertThat(m.get(TumourRegion.OEDEMA).meanProbability()).isCloseTo(0.5, within(1e-6));
        assertThat(m.get(TumourRegion.TUMOUR_CORE).meanProbability()).isCloseTo((64 * 0.9 + 152 * 0.7) / 216, within(1e-6));
        RegionMeasurement core = m.get(TumourRegion.TUMOUR_CORE);
        assertThat(core.centroidMm()).containsExactly(new double[] {10 + 2 * 7.5, 20 + 2 * 7.5, 30 + 2 * 7.5}, within(1e-9));
        assertThat(core.boundingBoxMinMm()).containsExactly(new double[] {10 + 2 * 4.5, 20 + 2 * 4.5, 30 + 2 * 4.5}, within(1e-9));
        assertThat(core.boundingBoxMaxMm()).containsExactly(new double[] {10 + 2 * 10.5, 20 + 2 * 10.5, 30 + 2 * 10.5}, within(1e-9));
    }

    @Test
    void emptyRegionsHaveNoGeometry() {
        VolumeGrid g = VolumeGrid.centred(4, 4, 4, 1, 1, 1);
        RegionMeasurement m = new TumourVolumetrics().measure(new LabelMap(g, new byte[64]), null).get(TumourRegion.OEDEMA);
        assertThat(m.isEmpty()).isTrue();
        assertThat(m.centroidMm()).isNull();
        assertThat(m.volumeCm3()).isZero();
    }
}
