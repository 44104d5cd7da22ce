package org.neurofhir.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.neurofhir.profiles.SharedValidation.describe;
import static org.neurofhir.profiles.SharedValidation.errors;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class TumourVolumeObservationFactoryTest {

  private static final SegmentationProvenance SOURCE = new SegmentationProvenance(
      new Reference("Patient/p1"), new Reference("ImagingStudy/s1"), new Reference("Device/unet"),
      Date.from(Instant.parse("2026-11-02T09:30:00Z")));

  @Test
  void createsAnObservationThatConformsToTheProfile() {
    Observation obs = TumourVolumeObservationFactory.create(SOURCE, TumourRegion.OEDEMA, new BigDecimal("31.456"));

    assertThat(errors(obs)).as(describe(errors(obs))).isEmpty();
    assertThat(obs.getStatus()).isEqualTo(Observation.ObservationStatus.PRELIMINARY);
    assertThat(obs.getValueQuantity().getValue()).isEqualByComparingTo("31.46");
    assertThat(obs.getBodySite().getCoding()).anyMatch(TumourRegion.OEDEMA::matches);
  }

  @Test
  void statesTheChangeVersusThePriorStudyInCubicCentimetresAndPercent() {
    Observation obs = TumourVolumeObservationFactory.createWithPrior(
        SOURCE, TumourRegion.ENHANCING_TUMOUR, new BigDecimal("12.4"), new BigDecimal("15.5"));

    assertThat(errors(obs)).as(describe(errors(obs))).isEmpty();
    assertThat(obs.getComponent()).hasSize(2);
    assertThat(component(obs, TumourVolumeChange.ABSOLUTE).getValueQuantity().getValue()).isEqualByComparingTo("-3.10");
    assertThat(component(obs, TumourVolumeChange.PERCENT).getValueQuantity().getValue()).isEqualByComparingTo("-20.0");
    assertThat(component(obs, TumourVolumeChange.PERCENT).getValueQuantity().getCode()).isEqualTo("%");
  }

  @Test
  void leavesOutThePercentChangeWhenThePriorVolumeWasZero() {
    Observation obs = TumourVolumeObservationFactory.createWithPrior(
        SOURCE, TumourRegion.ENHANCING_TUMOUR, new BigDecimal("2.0"), BigDecimal.ZERO);

    assertThat(obs.getComponent()).singleElement()
        .satisfies(c -> assertThat(c.getCode().getCoding()).anyMatch(TumourVolumeChange.ABSOLUTE::matches));
  }

  @Test
  void rejectsANegativeVolume() {
    assertThatThrownBy(() -> TumourVolumeObservationFactory.create(SOURCE, TumourRegion.WHOLE_TUMOUR, new BigDecimal("-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("volumeCm3");
  }

  private static Observation.ObservationComponentComponent component(Observation obs, TumourVolumeChange kind) {
    return obs.getComponent().stream()
        .filter(c -> c.getCode().getCoding().stream().anyMatch(kind::matches)).findFirst().orElseThrow();
  }
}
