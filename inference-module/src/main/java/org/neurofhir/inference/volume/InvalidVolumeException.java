package org.neurofhir.inference.volume;

/** Input voxel data that cannot be segmented (bad grid, NaN, missing sequence, corrupt file). */
public class InvalidVolumeException extends IllegalArgumentException {
    public InvalidVolumeException(String message) {
        super(message);
    }

    public InvalidVolumeException(String message, Throwable cause) {
        super(message, cause);
    }
}
