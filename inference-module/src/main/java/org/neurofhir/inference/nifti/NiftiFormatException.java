package org.neurofhir.inference.nifti;

import org.neurofhir.inference.volume.InvalidVolumeException;

/** A NIfTI file that is corrupt, truncated, unsupported or exceeds the configured limits. */
public class NiftiFormatException extends InvalidVolumeException {
    public NiftiFormatException(String message) {
        super(message);
    }

    public NiftiFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
