package org.neurofhir.profiles;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Objects;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Quantity;

/**
 * Builds tumour volume Observations conforming to profile tumour-volume-observation. They start
 * {@code preliminary}: AI output stays preliminary until a clinician validates it.
 */
public final class TumourVolumeObservationFactory {

  /** Volumes are reported to 0.01 cm3 (about ten 1 mm voxels); finer digits are noise. */
  private static final int VOLUME_SCALE = 2;

  private TumourVolumeObservationFactory() {}

  public static Observation create(SegmentationProvenance source, TumourRegion region, BigDecimal volumeCm3) {
    Objects.requireNonNull(region, "region");
    requireNonNegative(volumeCm3, "volumeCm3");
    Observation obs = new Observation();
    obs.getMeta().addProfile(NeuroFhirCanonical.PROFILE_TUMOUR_VOLUME_OBSERVATION);
    obs.setStatus(ObservationStatus.PRELIMINARY);
    obs.addCategory(TumourVolumeMeasurement.imagingCategory());
    obs.setCode(TumourVolumeMeasurement.code());
    obs.setSubject(source.patient().copy());
    obs.setEffective(new DateTimeType(source.effective()));
    obs.setDevice(source.aiModel().copy());
    obs.addDerivedFrom(source.imagingStudy().copy());
    obs.setBodySite(region.toBodySite());
    obs.setValue(TumourVolumeMeasurement.cubicCentimetres(round(volumeCm3)));
    return obs;
  }

  /**
   * As {@link #create} plus the change versus the prior study: always in cm3, and in percent
   * when the prior volume is not zero (a percentage of nothing is undefined).
   */
  public static Observation createWithPrior(
      SegmentationProvenance source, TumourRegion region, BigDecimal volumeCm3, BigDecimal priorVolumeCm3) {
    requireNonNegative(priorVolumeCm3, "priorVolumeCm3");
    Observation obs = create(source, region, volumeCm3);
    BigDecimal change = round(volumeCm3.subtract(priorVolumeCm3));
    obs.addComponent(component(TumourVolumeChange.ABSOLUTE, TumourVolumeMeasurement.cubicCentimetres(change)));
    if (priorVolumeCm3.signum() != 0) {
      BigDecimal pct = volumeCm3.subtract(priorVolumeCm3)
          .multiply(BigDecimal.valueOf(100))
          .divide(priorVolumeCm3, MathContext.DECIMAL64)
          .setScale(1, RoundingMode.HALF_UP);
      obs.addComponent(component(TumourVolumeChange.PERCENT, TumourVolumeMeasurement.percent(pct)));
    }
    return obs;
  }

  private static ObservationComponentComponent component(TumourVolumeChange kind, Quantity value) {
    ObservationComponentComponent c = new ObservationComponentComponent(kind.toCodeableConcept());
    c.setValue(value);
    return c;
  }

  private static BigDecimal round(BigDecimal v) {
    return v.setScale(VOLUME_SCALE, RoundingMode.HALF_UP);
  }

  private static void requireNonNegative(BigDecimal v, String name) {
    Objects.requireNonNull(v, name);
    if (v.signum() < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + v);
    }
  }
}
