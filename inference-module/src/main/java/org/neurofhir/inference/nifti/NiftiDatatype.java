package org.neurofhir.inference.nifti;

/** NIfTI-1 datatypes this codec reads and writes. */
public enum NiftiDatatype {
    UINT8(2, 8),
    INT16(4, 16),
    INT32(8, 32),
    FLOAT32(16, 32),
    FLOAT64(64, 64);

    private final int code;
    private final int bitsPerVoxel;

    NiftiDatatype(int code, int bitsPerVoxel) {
        this.code = code;
        this.bitsPerVoxel = bitsPerVoxel;
    }

    public int code() {
        return code;
    }

    public int bytesPerVoxel() {
        return bitsPerVoxel / 8;
    }

    public int bitsPerVoxel() {
        return bitsPerVoxel;
    }

    static NiftiDatatype fromCode(int code) {
        for (NiftiDatatype d : values()) {
            if (d.code == code) {
                return d;
            }
        }
        throw new NiftiFormatException("unsupported NIfTI datatype code " + code
                + " (supported: uint8=2, int16=4, int32=8, float32=16, float64=64)");
    }
}
