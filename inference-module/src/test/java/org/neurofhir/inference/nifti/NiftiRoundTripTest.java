package org.neurofhir.inference.nifti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.neurofhir.inference.volume.Affine;
import org.neurofhir.inference.volume.ScalarVolume;
import org.neurofhir.inference.volume.VolumeGrid;

class NiftiRoundTripTest {

    @TempDir
    Path dir;

    /** An oblique, left-handed (qfac = -1) affine: rotation about z by 20° and x by 10°, flipped z. */
    static Affine obliqueAffine(double sx, double sy, double sz) {
        double a = Math.toRadians(20);
        double b = Math.toRadians(10);
        double[][] rz = {{Math.cos(a), -Math.sin(a), 0}, {Math.sin(a), Math.cos(a), 0}, {0, 0, 1}};
        double[][] rx = {{1, 0, 0}, {0, Math.cos(b), -Math.sin(b)}, {0, Math.sin(b), Math.cos(b)}};
        double[] s = {sx, sy, -sz};
        double[] m = new double[12];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                double v = 0;
                for (int k = 0; k < 3; k++) {
                    v += rz[r][k] * rx[k][c];
                }
                m[r * 4 + c] = v * s[c];
            }
        }
        m[3] = -90.5;
        m[7] = 120.25;
        m[11] = -60;
        return new Affine(m);
    }

    static ScalarVolume randomVolume(int nx, int ny, int nz, double lo, double hi, boolean integers) {
        VolumeGrid g = new VolumeGrid(nx, ny, nz, 0.9, 1.1, 2.5, obliqueAffine(0.9, 1.1, 2.5));
        Random r = new Random(7);
        float[] v = new float[g.voxelCount()];
        for (int i = 0; i < v.length; i++) {
            double x = lo + (hi - lo) * r.nextDouble();
            v[i] = (float) (integers ? Math.round(x) : x);
        }
        return new ScalarVolume(g, v);
    }

    @ParameterizedTest
    @EnumSource(NiftiDatatype.class)
    void roundTripsEveryDatatypePlainAndGzipped(NiftiDatatype type) throws Exception {
        boolean integers = type != NiftiDatatype.FLOAT32 && type != NiftiDatatype.FLOAT64;
        double lo = type == NiftiDatatype.UINT8 ? 0 : -1000;
        double hi = type == NiftiDatatype.UINT8 ? 255 : 30000;
        ScalarVolume original = randomVolume(17, 13, 5, lo, hi, integers);
        for (String name : new String[] {"v.nii", "v.nii.gz"}) {
            Path file = dir.resolve(type + name);
            new NiftiWriter().write(original, type, file);
            if (name.endsWith(".gz")) {
                byte[] head = Files.readAllBytes(file);
                assertThat(head[0] & 0xFF).isEqualTo(0x1f);
            }
            ScalarVolume read = new NiftiReader().read(file);
            assertThat(read.grid().sameGridAs(original.grid())).isTrue();
            assertThat(read.voxels()).containsExactly(original.voxels(), within(type == NiftiDatatype.FLOAT32 || type == NiftiDatatype.FLOAT64 ? 1e-3f : 0f));
        }
    }

    @Test
    void qformAloneGivesTheSameOrientationAsSform() {
        ScalarVolume original = randomVolume(6, 5, 4, 0, 100, false);
        byte[] bytes = new NiftiWriter().toBytes(original, NiftiDatatype.FLOAT32, false);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putShort(254, (short) 0); // sform_code = 0
        ScalarVolume read = new NiftiReader().read(bytes);
        double[] expected = original.grid().affine().rows();
        double[] actual = read.grid().affine().rows();
        for (int i = 0; i < 12; i++) {
            assertThat(actual[i]).as("affine element %d", i).isCloseTo(expected[i], within(1e-3));
        }
    }

    @Test
    void appliesSlopeAndInterceptScaling() {
        ScalarVolume original = randomVolume(4, 4, 3, -100, 100, true);
        byte[] bytes = new NiftiWriter().toBytes(original, NiftiDatatype.INT16, false);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(112, 0.5f);
        b.putFloat(116, 10f);
        float[] read = new NiftiReader().read(bytes).voxels();
        for (int i = 0; i < read.length; i++) {
            assertThat(read[i]).isCloseTo(original.voxels()[i] * 0.5f + 10f, within(1e-4f));
        }
    }

    @Test
    void readsBigEndianFiles() {
        ScalarVolume original = randomVolume(5, 4, 3, -500, 500, true);
        byte[] le = new NiftiWriter().toBytes(original, NiftiDatatype.INT16, false);
        byte[] be = toBigEndian(le, 2);
        ScalarVolume read = new NiftiReader().read(be);
        assertThat(read.voxels()).containsExactly(original.voxels());
        assertThat(read.grid().sameGridAs(original.grid())).isTrue();
    }

    @Test
    void readsFromAStreamAsTheBinaryResourcePathDoes() throws Exception {
        ScalarVolume original = randomVolume(8, 8, 8, 0, 1, false);
        byte[] gz = new NiftiWriter().toBytes(original, NiftiDatatype.FLOAT32, true);
        ScalarVolume read = new NiftiReader().read(new java.io.ByteArrayInputStream(gz), "Binary/123");
        assertThat(read.voxels()).containsExactly(original.voxels());
    }

    /** Swaps every header field and voxel from little to big endian (header layout per the NIfTI-1 spec). */
    static byte[] toBigEndian(byte[] le, int voxelBytes) {
        ByteBuffer in = ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.wrap(le.clone()).order(ByteOrder.BIG_ENDIAN);
        int[][] fields = { // {offset, size, count}
            {0, 4, 1}, {32, 4, 1}, {36, 2, 1}, {40, 2, 8}, {56, 4, 3}, {68, 2, 4}, {76, 4, 8}, {108, 4, 3},
            {120, 2, 1}, {124, 4, 4}, {140, 4, 2}, {252, 2, 2}, {256, 4, 18}};
        for (int[] f : fields) {
            for (int n = 0; n < f[2]; n++) {
                int o = f[0] + n * f[1];
                if (f[1] == 2) {
                    out.putShort(o, in.getShort(o));
                } else {
                    out.putInt(o, in.getInt(o));
                }
            }
        }
        for (int o = 352; o + voxelBytes <= le.length; o += voxelBytes) {
            if (voxelBytes == 2) {
                out.putShort(o, in.getShort(o));
            } else if (voxelBytes == 4) {
                out.putInt(o, in.getInt(o));
            }
        }
        return out.array();
    }
}
