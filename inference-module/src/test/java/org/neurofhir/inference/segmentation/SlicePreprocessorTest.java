package org.neurofhir.inference.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurofhir.inference.model.InPlaneFit;
import org.neurofhir.inference.model.ModelInput;
import org.neurofhir.inference.model.Normalisation;
import org.neurofhir.inference.volume.InvalidVolumeException;
import org.neurofhir.inference.volume.MrVolume;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.inference.volume.VolumeGrid;

class SlicePreprocessorTest {

    /** 3×2×1 volume whose voxel value encodes its (i, j): 10 i + j + 1. */
    private static MrVolume coded() {
        VolumeGrid g = VolumeGrid.centred(3, 2, 1, 1, 1, 1);
        float[] v = new float[6];
        for (int j = 0; j < 2; j++) {
            for (int i = 0; i < 3; i++) {
                v[g.index(i, j, 0)] = 10 * i + j + 1;
            }
        }
        return new MrVolume(g, Map.of(Sequence.FLAIR, v));
    }

    @Test
    void cropPadPutsVolumeRowsOnTensorRowsOrTransposesForNibabelStyleModels() {
        MrVolume vol = coded();
        ModelInput normal = new ModelInput("x", 8, 8, List.of(Sequence.FLAIR), Normalisation.NONE, InPlaneFit.CROP_PAD, false);
        float[] t = new SlicePreprocessor(normal).prepare(vol, new boolean[] {true, true, true, true, true, true});
        // Centre padding of 3 columns into 8 starts at column -((3-8)/2) = 2, 2 rows at row 3.
        assertThat(t[3 * 8 + 2]).isEqualTo(1f);   // i=0, j=0
        assertThat(t[3 * 8 + 4]).isEqualTo(21f);  // i=2, j=0
        assertThat(t[4 * 8 + 2]).isEqualTo(2f);   // i=0, j=1

        ModelInput transposed = new ModelInput("x", 8, 8, List.of(Sequence.FLAIR), Normalisation.NONE, InPlaneFit.CROP_PAD, true);
        float[] u = new SlicePreprocessor(transposed).prepare(vol, new boolean[] {true, true, true, true, true, true});
        // Rows now follow i (3 of them, start row 2), columns follow j (2 of them, start column 3).
        assertThat(u[2 * 8 + 3]).isEqualTo(1f);   // i=0, j=0
        assertThat(u[4 * 8 + 3]).isEqualTo(21f);  // i=2, j=0
        assertThat(u[2 * 8 + 4]).isEqualTo(2f);   // i=0, j=1
    }

    @Test
    void zScoresInsideTheBrainMaskAndLeavesTheOutsideAtZero() {
        VolumeGrid g = VolumeGrid.centred(8, 8, 2, 1, 1, 1);
        float[] v = new float[g.voxelCount()];
        for (int n = 0; n < v.length; n += 2) {
            v[n] = n % 4 == 0 ? 100 : 300;
        }
        MrVolume vol = new MrVolume(g, Map.of(Sequence.T2, v));
        ModelInput in = new ModelInput("x", 8, 8, List.of(Sequence.T2), Normalisation.ZSCORE_NONZERO, InPlaneFit.RESIZE, false);
        SlicePreprocessor pre = new SlicePreprocessor(in);
        float[] t = pre.prepare(vol, pre.brainMask(vol));
        assertThat(t[0]).isCloseTo(-1f, within(1e-5f));
        assertThat(t[1]).isZero();
        assertThat(t[2]).isCloseTo(1f, within(1e-5f));
    }

    @Test
    void refusesAnAllZeroOrConstantVolume() {
        VolumeGrid g = VolumeGrid.centred(4, 4, 2, 1, 1, 1);
        ModelInput in = new ModelInput("x", 8, 8, List.of(Sequence.T2), Normalisation.ZSCORE_NONZERO, InPlaneFit.RESIZE, false);
        SlicePreprocessor pre = new SlicePreprocessor(in);
        MrVolume zeros = new MrVolume(g, Map.of(Sequence.T2, new float[32]));
        assertThatThrownBy(() -> pre.brainMask(zeros)).isInstanceOf(InvalidVolumeException.class).hasMessageContaining("is zero");
        float[] constant = new float[32];
        java.util.Arrays.fill(constant, 7f);
        MrVolume flat = new MrVolume(g, Map.of(Sequence.T2, constant));
        assertThatThrownBy(() -> pre.prepare(flat, pre.brainMask(flat))).hasMessageContaining("constant inside the brain mask");
    }
}
