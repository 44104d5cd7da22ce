package org.neurofhir.server.review;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.profiles.TumourVolumeChange;
import org.neurofhir.profiles.TumourVolumeMeasurement;

/**
 * Puts a clinician's volume into a tumour volume Observation. The change-versus-prior components were computed from
 * the AI volume; the prior volume they imply (AI volume minus the change) is kept and the change recomputed, so the
 * trend a reader sees is the one between the two validated values.
 */
final class CorrectedVolume {

  /** Same precision as the pipeline's volumes (TumourVolumeObservationFactory). */
  private static final int VOLUME_SCALE = 2;

  private CorrectedVolume() {}

  static void apply(Observation obs, BigDecimal cm3) {
    BigDecimal rounded = cm3.setScale(VOLUME_SCALE, RoundingMode.HALF_UP);
    BigDecimal before = obs.getValueQuantity().getValue();
    obs.setValue(TumourVolumeMeasurement.cubicCentimetres(rounded));
    ObservationComponentComponent absolute = component(obs, TumourVolumeChange.ABSOLUTE);
    if (absolute == null || before == null) {
      return;
    }
    BigDecimal prior = before.subtract(absolute.getValueQuantity().getValue());
    absolute.setValue(TumourVolumeMeasurement.cubicCentimetres(rounded.subtract(prior).setScale(VOLUME_SCALE,
        RoundingMode.HALF_UP)));
    ObservationComponentComponent percent = component(obs, TumourVolumeChange.PERCENT);
    if (percent != null && prior.signum() != 0) {
      percent.setValue(TumourVolumeMeasurement.percent(rounded.subtract(prior).multiply(BigDecimal.valueOf(100))
          .divide(prior, MathContext.DECIMAL64).setScale(1, RoundingMode.HALF_UP)));
    }
  }

  /** Whether {@code cm3} differs from the stored volume at the stored precision. */
  static boolean differs(Observation obs, BigDecimal cm3) {
    BigDecimal current = obs.hasValueQuantity() ? obs.getValueQuantity().getValue() : null;
    return current == null || current.compareTo(cm3.setScale(VOLUME_SCALE, RoundingMode.HALF_UP)) != 0;
  }

  private static ObservationComponentComponent component(Observation obs, TumourVolumeChange kind) {
    return obs.getComponent().stream()
        .filter(c -> c.getCode().getCoding().stream().anyMatch(
            x -> NeuroFhirCanonical.CS_TUMOUR_VOLUME_CHANGE.equals(x.getSystem()) && kind.code().equals(x.getCode())))
        .filter(ObservationComponentComponent::hasValueQuantity)
        .findFirst().orElse(null);
  }
}
