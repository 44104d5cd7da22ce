package org.neurofhir.inference.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.neurofhir.inference.volume.Affine;

/** The fields of a NIfTI-1 header this codec uses, validated on parse. */
record NiftiHeader(ByteOrder order, int[] dims, NiftiDatatype datatype, double[] pixdim, long voxOffset,
                   double sclSlope, double sclInter, int qformCode, int sformCode, double[] quatern,
                   double[] qoffset, double[] srow) {

    static NiftiHeader parse(byte[] b, String source) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        ByteOrder order;
        if (buf.getInt(0) == NiftiReader.HEADER_SIZE) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (buf.order(ByteOrder.BIG_ENDIAN).getInt(0) == NiftiReader.HEADER_SIZE) {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new NiftiFormatException(source + " is not a NIfTI-1 file (sizeof_hdr is not 348 in either byte order)");
        }
        buf.order(order);
        String magic = new String(b, 344, 3, java.nio.charset.StandardCharsets.US_ASCII);
        if (magic.equals("ni1")) {
            throw new NiftiFormatException(source + " is a two-file NIfTI (.hdr/.img); only single-file .nii/.nii.gz is supported");
        }
        if (!magic.equals("n+1") || b[347] != 0) {
            throw new NiftiFormatException(source + " has no NIfTI-1 magic 'n+1' (ANALYZE 7.5 and NIfTI-2 are not supported)");
        }
        int rank = buf.getShort(40);
        if (rank < 1 || rank > 7) {
            throw new NiftiFormatException(source + ": dim[0] must be 1..7, got " + rank);
        }
        int[] dims = {1, 1, 1};
        for (int d = 1; d <= rank; d++) {
            int size = buf.getShort(40 + 2 * d);
            if (size < 1) {
                throw new NiftiFormatException(source + ": dim[" + d + "] must be positive, got " + size);
            }
            if (d <= 3) {
                dims[d - 1] = size;
            } else if (size != 1) {
                throw new NiftiFormatException(source + ": only 3-D volumes are supported, dim[" + d + "] is " + size);
            }
        }
        NiftiDatatype type = NiftiDatatype.fromCode(buf.getShort(70));
        int bitpix = buf.getShort(72);
        if (bitpix != type.bitsPerVoxel()) {
            throw new NiftiFormatException(source + ": bitpix " + bitpix + " does not match datatype " + type);
        }
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) {
            pixdim[i] = buf.getFloat(76 + 4 * i);
        }
        for (int d = 1; d <= 3; d++) {
            if (!(Math.abs(pixdim[d]) > 0) || !Double.isFinite(pixdim[d])) {
                throw new NiftiFormatException(source + ": voxel spacing pixdim[" + d + "] must be non-zero and finite, got " + pixdim[d]);
            }
        }
        double voxOffset = buf.getFloat(108);
        if (!Double.isFinite(voxOffset) || voxOffset != Math.floor(voxOffset)) {
            throw new NiftiFormatException(source + ": vox_offset " + voxOffset + " is not a whole number of bytes");
        }
        double[] quatern = {buf.getFloat(256), buf.getFloat(260), buf.getFloat(264)};
        double[] qoffset = {buf.getFloat(268), buf.getFloat(272), buf.getFloat(276)};
        double[] srow = new double[12];
        for (int i = 0; i < 12; i++) {
            srow[i] = buf.getFloat(280 + 4 * i);
        }
        return new NiftiHeader(order, dims, type, pixdim, (long) voxOffset, buf.getFloat(112), buf.getFloat(116),
                buf.getShort(252), buf.getShort(254), quatern, qoffset, srow);
    }

    int dim(int axis) {
        return dims[axis];
    }

    long voxelCount() {
        return (long) dims[0] * dims[1] * dims[2];
    }

    double spacing(int axis) {
        return Math.abs(pixdim[axis + 1]);
    }

    /** NIfTI method 3 (sform) if set, else method 2 (qform), else method 1 (pixdim only). */
    Affine affine(String source) {
        try {
            if (sformCode > 0) {
                return new Affine(srow);
            }
            if (qformCode > 0) {
                return quaternionAffine();
            }
        } catch (IllegalArgumentException e) {
            throw new NiftiFormatException(source + ": invalid orientation: " + e.getMessage(), e);
        }
        return Affine.diagonal(spacing(0), spacing(1), spacing(2), 0, 0, 0);
    }

    private Affine quaternionAffine() {
        double b = quatern[0];
        double c = quatern[1];
        double d = quatern[2];
        double a = 1 - (b * b + c * c + d * d);
        if (a < -1e-6) {
            throw new IllegalArgumentException("quaternion b,c,d has norm above 1");
        }
        a = Math.sqrt(Math.max(0, a));
        double qfac = pixdim[0] < 0 ? -1 : 1;
        double[][] r = {
            {a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)},
            {2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)},
            {2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b},
        };
        double[] s = {spacing(0), spacing(1), qfac * spacing(2)};
        double[] m = new double[12];
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 3; col++) {
                m[row * 4 + col] = r[row][col] * s[col];
            }
            m[row * 4 + 3] = qoffset[row];
        }
        return new Affine(m);
    }
}
