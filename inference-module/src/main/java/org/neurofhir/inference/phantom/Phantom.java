package org.neurofhir.inference.phantom;

import java.util.Map;
import org.neurofhir.inference.volume.LabelMap;
import org.neurofhir.inference.volume.MrVolume;
import org.neurofhir.inference.volumetrics.TumourRegion;

/**
 * A synthetic 4-sequence brain with one tumour: the images, the voxelised ground-truth label map (BraTS labels)
 * and the analytic region volumes in cm³ (exact for the continuous shapes, independent of the grid).
 */
public record Phantom(PhantomSpec spec, MrVolume volume, LabelMap truth, Map<TumourRegion, Double> analyticVolumesCm3,
                      double[] tumourCentreRasMm) {

    public Phantom {
        analyticVolumesCm3 = Map.copyOf(analyticVolumesCm3);
        tumourCentreRasMm = tumourCentreRasMm.clone();
    }

    public double analyticVolumeCm3(TumourRegion region) {
        return analyticVolumesCm3.get(region);
    }

    @Override
    public double[] tumourCentreRasMm() {
        return tumourCentreRasMm.clone();
    }
}
