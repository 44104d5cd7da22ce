package org.neurofhir.inference.nifti;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.inference.volume.ScalarVolume;

class NiftiRejectionTest {

    @TempDir
    Path dir;

    private static byte[] valid() {
        ScalarVolume v = NiftiRoundTripTest.randomVolume(10, 10, 10, 0, 100, false);
        return new NiftiWriter().toBytes(v, NiftiDatatype.FLOAT32, false);
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void rejectsTruncatedVoxelData() {
        byte[] cut = Arrays.copyOf(valid(), 352 + 1000);
        assertThatThrownBy(() -> new NiftiReader().read(cut)).isInstanceOf(NiftiFormatException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void rejectsTruncatedHeader() {
        assertThatThrownBy(() -> new NiftiReader().read(Arrays.copyOf(valid(), 100)))
                .isInstanceOf(NiftiFormatException.class).hasMessageContaining("truncated");
    }

    @Test
    void rejectsFilesThatAreNotNifti() {
        assertThatThrownBy(() -> new NiftiReader().read("this is a text file, not an image, padded out............".repeat(10).getBytes()))
                .isInstanceOf(NiftiFormatException.class).hasMessageContaining("not a NIfTI-1 file");
    }

    @Test
    void rejectsBogusDimensions() {
        byte[] b = valid();
        le(b).putShort(42, (short) 0);
        assertThatThrownBy(() -> new NiftiReader().read(b)).hasMessageContaining("dim[1] must be positive");
        byte[] c = valid();
        le(c).putShort(40, (short) 9);
        assertThatThrownBy(() -> new NiftiReader().read(c)).hasMessageContaining("dim[0] must be 1..7");
    }

    @Test
    void rejectsZeroSpacing() {
        byte[] b = valid();
        le(b).putFloat(84, 0f);
        assertThatThrownBy(() -> new NiftiReader().read(b)).isInstanceOf(NiftiFormatException.class)
                .hasMessageContaining("pixdim[2]");
    }

    @Test
    void rejectsFourDimensionalSeries() {
        byte[] b = valid();
        le(b).putShort(40, (short) 4);
        le(b).putShort(48, (short) 3);
        assertThatThrownBy(() -> new NiftiReader().read(b)).hasMessageContaining("only 3-D");
    }

    @Test
    void rejectsUnsupportedDatatype() {
        byte[] b = valid();
        le(b).putShort(70, (short) 32); // complex64
        assertThatThrownBy(() -> new NiftiReader().read(b)).hasMessageContaining("unsupported NIfTI datatype code 32");
    }

    @Test
    void rejectsOversizeVolumesBeforeAllocating() {
        byte[] b = valid();
        ByteBuffer h = le(b);
        h.putShort(42, (short) 30000);
        h.putShort(44, (short) 30000);
        h.putShort(46, (short) 30000);
        assertThatThrownBy(() -> new NiftiReader().read(b)).hasMessageContaining("exceeds the limit");
        NiftiLimits tight = new NiftiLimits(500, 1 << 20, 2048);
        assertThatThrownBy(() -> new NiftiReader(tight).read(valid())).hasMessageContaining("1000 voxels exceed the limit of 500");
    }

    /** 128 MiB of zeros gzip to ~128 KB: the shape of a decompression bomb. */
    private static byte[] gzipWithZeros(byte[] head) throws Exception {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bomb)) {
            gz.write(head);
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 128; i++) {
                gz.write(zeros);
            }
        }
        return bomb.toByteArray();
    }

    @Test
    void rejectsAGzipBombWhoseHeaderDeclaresTooMuchData() throws Exception {
        byte[] header = Arrays.copyOf(valid(), 352);
        ByteBuffer h = le(header);
        h.putShort(42, (short) 400);
        h.putShort(44, (short) 400);
        h.putShort(46, (short) 400);
        Path file = dir.resolve("bomb.nii.gz");
        Files.write(file, gzipWithZeros(header));
        NiftiLimits limits = new NiftiLimits(100_000_000, 64L << 20, 2048);
        assertThatThrownBy(() -> new NiftiReader(limits).read(file)).isInstanceOf(NiftiFormatException.class)
                .hasMessageContaining("256000000 bytes of voxel data exceed the limit");
    }

    @Test
    void neverInflatesMoreThanTheDeclaredVoxelData() throws Exception {
        // A valid 10×10×10 header followed by 128 MiB of zeros: only 4000 bytes of data may be decompressed.
        byte[] bytes = gzipWithZeros(Arrays.copyOf(valid(), 352));
        java.util.concurrent.atomic.AtomicLong consumed = new java.util.concurrent.atomic.AtomicLong();
        java.io.InputStream counting = new java.io.FilterInputStream(new java.io.ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                int n = super.read(b, off, len);
                consumed.addAndGet(Math.max(n, 0));
                return n;
            }
        };
        assertThat(new NiftiReader().read(counting, "bomb").voxels()).hasSize(1000);
        assertThat(consumed.get()).as("compressed bytes consumed").isLessThan(bytes.length / 4);
    }

    @Test
    void rejectsCorruptGzip() {
        byte[] gz = new NiftiWriter().toBytes(NiftiRoundTripTest.randomVolume(10, 10, 10, 0, 1, false), NiftiDatatype.FLOAT32, true);
        for (int i = 20; i < 60; i++) {
            gz[i] ^= 0x5A;
        }
        assertThatThrownBy(() -> new NiftiReader().read(gz)).isInstanceOf(NiftiFormatException.class);
    }

    @Test
    void rejectsMissingFileWithItsName() {
        Path missing = dir.resolve("nope.nii.gz");
        assertThatThrownBy(() -> new NiftiReader().read(missing)).hasMessageContaining("nope.nii.gz").hasMessageContaining("does not exist");
    }
}
