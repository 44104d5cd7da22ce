package org.neurofhir.inference.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MrVolumeTest {

    private static ScalarVolume filled(VolumeGrid g, float value) {
        float[] v = new float[g.voxelCount()];
        java.util.Arrays.fill(v, value);
        return new ScalarVolume(g, v);
    }

    @Test
    void rejectsSequencesOnDifferentGrids() {
        VolumeGrid a = VolumeGrid.centred(10, 10, 5, 1, 1, 1);
        VolumeGrid b = VolumeGrid.centred(10, 10, 5, 1, 1, 1.5);
        assertThatThrownBy(() -> MrVolume.of(Map.of(Sequence.FLAIR, filled(a, 1), Sequence.T1CE, filled(b, 1))))
                .isInstanceOf(InvalidVolumeException.class).hasMessageContaining("different grids");
    }

    @Test
    void rejectsNaN() {
        VolumeGrid g = VolumeGrid.centred(4, 4, 4, 1, 1, 1);
        float[] v = new float[64];
        v[17] = Float.NaN;
        assertThatThrownBy(() -> new MrVolume(g, Map.of(Sequence.T2, v)))
                .isInstanceOf(InvalidVolumeException.class).hasMessageContaining("T2 contains a non-finite value").hasMessageContaining("voxel 17");
    }

    @Test
    void rejectsZeroOrNegativeSpacing() {
        assertThatThrownBy(() -> VolumeGrid.centred(4, 4, 4, 1, 0, 1)).isInstanceOf(InvalidVolumeException.class)
                .hasMessageContaining("spacing along y");
        assertThatThrownBy(() -> VolumeGrid.centred(4, 4, 4, -1, 1, 1)).hasMessageContaining("spacing along x");
    }

    @Test
    void reportsAMissingSequence() {
        VolumeGrid g = VolumeGrid.centred(4, 4, 4, 1, 1, 1);
        MrVolume v = MrVolume.of(Map.of(Sequence.FLAIR, filled(g, 1)));
        assertThatThrownBy(() -> v.channel(Sequence.T1CE)).hasMessageContaining("lacks the T1CE sequence");
    }

    @Test
    void dicomGeometryBecomesARasAffine() {
        // Axial DICOM slice: rows run to patient Left (+x LPS), columns to Posterior (+y LPS), slices go Superior.
        Affine a = Affine.fromDicom(new double[] {1, 0, 0}, new double[] {0, 1, 0}, new double[] {-100, -120, -50},
                new double[] {0, 0, 2}, 0.8, 0.9);
        double[] p = a.toPatient(10, 20, 3);
        assertThat(p).containsExactly(100 - 10 * 0.9, 120 - 20 * 0.8, -50 + 3 * 2.0);
    }

    @Test
    void parsesSequenceCodesAndRejectsUnknownOnes() {
        assertThat(Sequence.fromCode("t1ce")).isEqualTo(Sequence.T1CE);
        assertThatThrownBy(() -> Sequence.fromCode("DWI")).hasMessageContaining("unknown MR sequence code 'DWI'");
    }
}
