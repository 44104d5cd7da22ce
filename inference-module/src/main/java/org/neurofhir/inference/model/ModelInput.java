package org.neurofhir.inference.model;

import java.util.List;
import org.neurofhir.inference.volume.Sequence;

/**
 * What the model eats: the signature input name, the in-plane size, which sequence feeds each channel
 * (channel order = list order), how intensities are normalised and how slices are fitted in-plane.
 *
 * @param rowsAlongX false (default): tensor rows follow the volume's j axis, as NIfTI/DICOM viewers show a slice.
 *                   true: rows follow i, i.e. the slice is transposed, which is what a notebook trained on nibabel
 *                   arrays sliced as {@code vol[:, :, k]} saw.
 */
public record ModelInput(String tensor, int height, int width, List<Sequence> channels, Normalisation normalisation,
                         InPlaneFit inPlane, boolean rowsAlongX) {
    public ModelInput {
        channels = channels == null ? List.of() : List.copyOf(channels);
        normalisation = normalisation == null ? Normalisation.ZSCORE_NONZERO : normalisation;
        inPlane = inPlane == null ? InPlaneFit.RESIZE : inPlane;
    }
}
