package org.neurofhir.inference.nifti;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;
import org.neurofhir.inference.volume.Affine;
import org.neurofhir.inference.volume.ScalarVolume;
import org.neurofhir.inference.volume.VolumeGrid;

/**
 * Writes single-file little-endian NIfTI-1. Both sform (the exact affine, code 2 "aligned") and qform (its
 * rotation as a quaternion, code 1 "scanner") are written, so readers preferring either agree. Integer types
 * round and clamp; no scaling is applied. Files are written to a temporary sibling and moved into place, so a
 * failure never leaves a half-written file.
 */
public final class NiftiWriter {

    public byte[] toBytes(ScalarVolume volume, NiftiDatatype type, boolean gzip) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            write(volume, type, gzip, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Writes {@code file}; gzip-compressed when the name ends in {@code .gz}. */
    public void write(ScalarVolume volume, NiftiDatatype type, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".nifti-", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                write(volume, type, file.getFileName().toString().endsWith(".gz"), out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void write(ScalarVolume volume, NiftiDatatype type, boolean gzip, OutputStream target) throws IOException {
        OutputStream out = gzip ? new GZIPOutputStream(target, 1 << 16) : target;
        out.write(header(volume.grid(), type));
        out.write(new byte[4]); // no extensions
        out.write(data(volume.voxels(), type));
        if (gzip) {
            ((GZIPOutputStream) out).finish();
        }
        out.flush();
    }

    private static byte[] header(VolumeGrid g, NiftiDatatype type) {
        if (Math.max(g.nx(), Math.max(g.ny(), g.nz())) > Short.MAX_VALUE) {
            throw new IllegalArgumentException("NIfTI-1 dimensions are limited to " + Short.MAX_VALUE + ", got " + g.describe());
        }
        ByteBuffer b = ByteBuffer.allocate(NiftiReader.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, NiftiReader.HEADER_SIZE);
        b.putShort(40, (short) 3);
        b.putShort(42, (short) g.nx());
        b.putShort(44, (short) g.ny());
        b.putShort(46, (short) g.nz());
        for (int d = 4; d <= 7; d++) {
            b.putShort(40 + 2 * d, (short) 1);
        }
        b.putShort(70, (short) type.code());
        b.putShort(72, (short) type.bitsPerVoxel());
        Affine a = g.affine();
        double[] quaternion = new double[4]; // qfac, b, c, d
        boolean rigid = quaternionOf(a, quaternion);
        b.putFloat(76, (float) quaternion[0]);
        b.putFloat(80, (float) g.spacingX());
        b.putFloat(84, (float) g.spacingY());
        b.putFloat(88, (float) g.spacingZ());
        b.putFloat(108, NiftiReader.HEADER_SIZE + 4);
        b.putFloat(112, 1f);
        b.putFloat(116, 0f);
        b.put(123, (byte) 2); // xyzt_units: mm
        byte[] descrip = "NeuroFHIR inference-module".getBytes(StandardCharsets.US_ASCII);
        b.put(148, descrip);
        b.putShort(252, (short) (rigid ? 1 : 0));
        b.putShort(254, (short) 2);
        b.putFloat(256, (float) quaternion[1]);
        b.putFloat(260, (float) quaternion[2]);
        b.putFloat(264, (float) quaternion[3]);
        b.putFloat(268, (float) a.get(0, 3));
        b.putFloat(272, (float) a.get(1, 3));
        b.putFloat(276, (float) a.get(2, 3));
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                b.putFloat(280 + 16 * r + 4 * c, (float) a.get(r, c));
            }
        }
        b.put(344, "n+1".getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    /**
     * Quaternion (b, c, d) and qfac of the affine's rotation; false when the columns are not orthogonal
     * (sheared), in which case only the sform describes the geometry.
     */
    static boolean quaternionOf(Affine a, double[] q) {
        double[][] r = new double[3][3];
        for (int c = 0; c < 3; c++) {
            double n = a.columnNorm(c);
            for (int row = 0; row < 3; row++) {
                r[row][c] = a.get(row, c) / n;
            }
        }
        double det = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1])
                - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
                + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
        q[0] = det < 0 ? -1 : 1;
        if (det < 0) {
            for (int row = 0; row < 3; row++) {
                r[row][2] = -r[row][2];
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                double dot = r[0][i] * r[0][j] + r[1][i] * r[1][j] + r[2][i] * r[2][j];
                if (Math.abs(dot) > 1e-4) {
                    q[0] = 1;
                    q[1] = q[2] = q[3] = 0;
                    return false;
                }
            }
        }
        double trace = r[0][0] + r[1][1] + r[2][2];
        double qa;
        double qb;
        double qc;
        double qd;
        if (trace > 0) {
            double s = 0.5 / Math.sqrt(trace + 1);
            qa = 0.25 / s;
            qb = (r[2][1] - r[1][2]) * s;
            qc = (r[0][2] - r[2][0]) * s;
            qd = (r[1][0] - r[0][1]) * s;
        } else if (r[0][0] > r[1][1] && r[0][0] > r[2][2]) {
            double s = 2 * Math.sqrt(1 + r[0][0] - r[1][1] - r[2][2]);
            qa = (r[2][1] - r[1][2]) / s;
            qb = 0.25 * s;
            qc = (r[0][1] + r[1][0]) / s;
            qd = (r[0][2] + r[2][0]) / s;
        } else if (r[1][1] > r[2][2]) {
            double s = 2 * Math.sqrt(1 + r[1][1] - r[0][0] - r[2][2]);
            qa = (r[0][2] - r[2][0]) / s;
            qb = (r[0][1] + r[1][0]) / s;
            qc = 0.25 * s;
            qd = (r[1][2] + r[2][1]) / s;
        } else {
            double s = 2 * Math.sqrt(1 + r[2][2] - r[0][0] - r[1][1]);
            qa = (r[1][0] - r[0][1]) / s;
            qb = (r[0][2] + r[2][0]) / s;
            qc = (r[1][2] + r[2][1]) / s;
            qd = 0.25 * s;
        }
        if (qa < 0) { // NIfTI requires a ≥ 0 (a is implied from b, c, d)
            qb = -qb;
            qc = -qc;
            qd = -qd;
        }
        q[1] = qb;
        q[2] = qc;
        q[3] = qd;
        return true;
    }

    private static byte[] data(float[] v, NiftiDatatype type) {
        ByteBuffer b = ByteBuffer.allocate(v.length * type.bytesPerVoxel()).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            switch (type) {
                case UINT8 -> b.put((byte) clamp(Math.round(f), 0, 255));
                case INT16 -> b.putShort((short) clamp(Math.round(f), Short.MIN_VALUE, Short.MAX_VALUE));
                case INT32 -> b.putInt((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round((double) f))));
                case FLOAT32 -> b.putFloat(f);
                case FLOAT64 -> b.putDouble(f);
            }
        }
        return b.array();
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
