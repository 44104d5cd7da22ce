package org.neurofhir.inference.nifti;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.neurofhir.inference.volume.ScalarVolume;
import org.neurofhir.inference.volume.VolumeGrid;

/**
 * Reads single-file NIfTI-1 ({@code .nii}, and gzip-compressed {@code .nii.gz}, detected by magic bytes) holding
 * one 3-D volume. Little and big endian, uint8/int16/int32/float32/float64, scl_slope/scl_inter applied, affine from
 * sform if set, else qform, else pixdim. The header is checked against {@link NiftiLimits} before the voxel buffer
 * is allocated, and never more than the declared bytes are decompressed (a gzip bomb stops there).
 */
public final class NiftiReader {

    static final int HEADER_SIZE = 348;
    private static final int MAX_VOX_OFFSET = 1 << 20;

    private final NiftiLimits limits;

    public NiftiReader() {
        this(NiftiLimits.DEFAULT);
    }

    public NiftiReader(NiftiLimits limits) {
        this.limits = limits;
    }

    public ScalarVolume read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new NiftiFormatException("NIfTI file " + file + " does not exist");
        } catch (IOException e) {
            throw new NiftiFormatException("cannot read NIfTI file " + file + ": " + e.getMessage(), e);
        }
    }

    public ScalarVolume read(byte[] bytes) {
        return read(new ByteArrayInputStream(bytes), "NIfTI data");
    }

    /** Reads from a stream (not closed); {@code source} names it in error messages. */
    public ScalarVolume read(InputStream stream, String source) {
        try {
            BufferedInputStream in = new BufferedInputStream(stream, 1 << 13);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            InputStream data = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(in, 1 << 13) : in;
            return decode(data, source);
        } catch (ZipException e) {
            throw new NiftiFormatException(source + " is not valid gzip data: " + e.getMessage(), e);
        } catch (EOFException e) {
            throw new NiftiFormatException(source + " is truncated: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new NiftiFormatException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private ScalarVolume decode(InputStream in, String source) throws IOException {
        byte[] headerBytes = readFully(in, HEADER_SIZE, source, "header");
        NiftiHeader h = NiftiHeader.parse(headerBytes, source);
        long voxels = h.voxelCount();
        for (int d = 0; d < 3; d++) {
            if (h.dim(d) > limits.maxDimension()) {
                throw new NiftiFormatException(source + ": dimension " + h.dim(d) + " exceeds the limit of " + limits.maxDimension());
            }
        }
        if (voxels > limits.maxVoxels()) {
            throw new NiftiFormatException(source + ": " + voxels + " voxels exceed the limit of " + limits.maxVoxels());
        }
        long dataBytes = voxels * h.datatype().bytesPerVoxel();
        if (dataBytes > limits.maxDataBytes()) {
            throw new NiftiFormatException(source + ": " + dataBytes + " bytes of voxel data exceed the limit of " + limits.maxDataBytes());
        }
        if (h.voxOffset() < HEADER_SIZE || h.voxOffset() > MAX_VOX_OFFSET) {
            throw new NiftiFormatException(source + ": vox_offset " + h.voxOffset() + " is outside " + HEADER_SIZE + ".." + MAX_VOX_OFFSET);
        }
        skipFully(in, h.voxOffset() - HEADER_SIZE, source);
        byte[] raw = readFully(in, (int) dataBytes, source, "voxel data");
        float[] voxels32 = convert(raw, h);
        VolumeGrid grid = new VolumeGrid(h.dim(0), h.dim(1), h.dim(2), h.spacing(0), h.spacing(1), h.spacing(2), h.affine(source));
        return new ScalarVolume(grid, voxels32);
    }

    private static float[] convert(byte[] raw, NiftiHeader h) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(h.order());
        int n = (int) h.voxelCount();
        float[] out = new float[n];
        double slope = h.sclSlope();
        double inter = h.sclInter();
        boolean scaled = slope != 0 && Double.isFinite(slope) && Double.isFinite(inter) && !(slope == 1 && inter == 0);
        for (int i = 0; i < n; i++) {
            double v = switch (h.datatype()) {
                case UINT8 -> raw[i] & 0xFF;
                case INT16 -> b.getShort(i * 2);
                case INT32 -> b.getInt(i * 4);
                case FLOAT32 -> b.getFloat(i * 4);
                case FLOAT64 -> b.getDouble(i * 8);
            };
            out[i] = (float) (scaled ? v * slope + inter : v);
        }
        return out;
    }

    private static byte[] readFully(InputStream in, int n, String source, String what) throws IOException {
        byte[] buf = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(buf, off, n - off);
            if (r < 0) {
                throw new NiftiFormatException(source + " is truncated: " + what + " needs " + n + " bytes, only " + off + " present");
            }
            off += r;
        }
        return buf;
    }

    private static void skipFully(InputStream in, long n, String source) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new NiftiFormatException(source + " is truncated before its voxel data");
                }
                s = 1;
            }
            left -= s;
        }
    }
}
