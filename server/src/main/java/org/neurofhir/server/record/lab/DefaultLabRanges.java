package org.neurofhir.server.record.lab;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation.ObservationReferenceRangeComponent;
import org.hl7.fhir.r4.model.ObservationDefinition;
import org.hl7.fhir.r4.model.ObservationDefinition.ObservationDefinitionQualifiedIntervalComponent;
import org.hl7.fhir.r4.model.ObservationDefinition.ObservationRangeCategory;
import org.hl7.fhir.r4.model.Range;
import org.neurofhir.profiles.NeuroFhirCanonical;

/**
 * The clinic's default ranges, one ObservationDefinition per LOINC test in the conformance package
 * ({@code ObservationDefinition-lab-*.json}): the normal range by sex and age, and critical limits. Used when a
 * result arrives without a range of its own (a point-of-care device, a hand-entered value).
 */
final class DefaultLabRanges {

  private final Map<String, ObservationDefinition> byLoinc = new HashMap<>();

  DefaultLabRanges(List<ObservationDefinition> definitions) {
    for (ObservationDefinition od : definitions) {
      for (Coding c : od.getCode().getCoding()) {
        if (NeuroFhirCanonical.LOINC.equals(c.getSystem())) {
          byLoinc.put(c.getCode(), od);
        }
      }
    }
  }

  Optional<ObservationDefinition> definitionFor(List<Coding> codes) {
    return codes.stream().filter(c -> NeuroFhirCanonical.LOINC.equals(c.getSystem()))
        .map(c -> byLoinc.get(c.getCode())).filter(java.util.Objects::nonNull).findFirst();
  }

  static boolean inUnitOf(ObservationDefinition od, org.hl7.fhir.r4.model.Quantity value) {
    return value.hasCode() && od.getQuantitativeDetails().getUnit().getCoding().stream()
        .anyMatch(c -> value.getCode().equals(c.getCode()));
  }

  /**
   * The normal range that fits the patient best (an interval for their sex before one for everybody) and the
   * critical limits; with sex or age unknown only intervals that do not depend on them apply.
   */
  static List<ObservationReferenceRangeComponent> rangesFor(ObservationDefinition od, AdministrativeGender gender,
      Integer ageYears) {
    List<ObservationReferenceRangeComponent> out = new ArrayList<>();
    pick(od, ObservationRangeCategory.REFERENCE, gender, ageYears).ifPresent(i -> out.add(
        toRange(od, i).setType(ReferenceRangeCodes.normalType())));
    pick(od, ObservationRangeCategory.CRITICAL, gender, ageYears).ifPresent(i -> out.add(
        toRange(od, i).setType(ReferenceRangeCodes.criticalType())));
    return out;
  }

  private static Optional<ObservationDefinitionQualifiedIntervalComponent> pick(ObservationDefinition od,
      ObservationRangeCategory category, AdministrativeGender gender, Integer ageYears) {
    return od.getQualifiedInterval().stream()
        .filter(i -> i.getCategory() == category)
        .filter(i -> !i.hasGender() || i.getGender() == gender)
        .filter(i -> !i.hasAge() || (ageYears != null && within(i.getAge(), ageYears)))
        .min(Comparator.comparingInt(i -> (i.hasGender() ? 0 : 1) + (i.hasAge() ? 0 : 2)));
  }

  private static boolean within(Range age, int years) {
    return (!age.getLow().hasValue() || years >= age.getLow().getValue().intValue())
        && (!age.getHigh().hasValue() || years <= age.getHigh().getValue().intValue());
  }

  private static ObservationReferenceRangeComponent toRange(ObservationDefinition od,
      ObservationDefinitionQualifiedIntervalComponent interval) {
    ObservationReferenceRangeComponent range = new ObservationReferenceRangeComponent();
    range.setLow(interval.getRange().getLow().copy()).setHigh(interval.getRange().getHigh().copy());
    if (interval.hasAge()) {
      range.setAge(interval.getAge().copy());
    }
    range.setText("Clinic default (ObservationDefinition/" + od.getIdElement().getIdPart()
        + (interval.hasGender() ? ", " + interval.getGender().toCode() : "") + ")");
    return range;
  }
}
