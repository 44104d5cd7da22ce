package org.neurofhir.server.record.lab;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Observation.ObservationReferenceRangeComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.neurofhir.server.record.RefusedRecordEntry;

/**
 * Places a numeric result against its normal range and critical limits. Bounds are inclusive (a potassium of
 * exactly 5.1 with a range 3.5-5.1 is normal), as laboratories print them.
 */
final class RangeInterpreter {

  private RangeInterpreter() {}

  /** True when some range has a numeric bound, i.e. a value can be compared with it. */
  static boolean hasNumericRange(List<ObservationReferenceRangeComponent> ranges) {
    return ranges.stream().anyMatch(r -> r.getLow().hasValue() || r.getHigh().hasValue());
  }

  /**
   * The interpretation of {@code value}; empty when there is no numeric range or the value carries a comparator
   * ({@code <5}: it could be either side of a bound). A unit that differs from the range's is refused: comparing
   * mg/dL with mmol/L would flag the wrong patients.
   */
  static Optional<Interpretation> interpret(Quantity value, List<ObservationReferenceRangeComponent> ranges) {
    if (value.hasComparator()) {
      return Optional.empty();
    }
    BigDecimal v = value.getValue();
    ObservationReferenceRangeComponent critical = ranges.stream().filter(ReferenceRangeCodes::isCritical).findFirst().orElse(null);
    ObservationReferenceRangeComponent normal = ranges.stream()
        .filter(r -> !ReferenceRangeCodes.isCritical(r) && ReferenceRangeCodes.isNormal(r))
        .filter(r -> r.getLow().hasValue() || r.getHigh().hasValue()).findFirst().orElse(null);
    if (critical != null) {
      checkUnit(value, critical, "critical");
      if (below(v, critical.getLow())) {
        return Optional.of(Interpretation.CRITICAL_LOW);
      }
      if (above(v, critical.getHigh())) {
        return Optional.of(Interpretation.CRITICAL_HIGH);
      }
    }
    if (normal == null) {
      return Optional.empty();
    }
    checkUnit(value, normal, "normal");
    if (below(v, normal.getLow())) {
      return Optional.of(Interpretation.LOW);
    }
    if (above(v, normal.getHigh())) {
      return Optional.of(Interpretation.HIGH);
    }
    return Optional.of(Interpretation.NORMAL);
  }

  private static boolean below(BigDecimal v, Quantity bound) {
    return bound.hasValue() && v.compareTo(bound.getValue()) < 0;
  }

  private static boolean above(BigDecimal v, Quantity bound) {
    return bound.hasValue() && v.compareTo(bound.getValue()) > 0;
  }

  private static void checkUnit(Quantity value, ObservationReferenceRangeComponent range, String which) {
    for (Quantity bound : List.of(range.getLow(), range.getHigh())) {
      if (bound.hasValue() && bound.hasCode() && value.hasCode() && !bound.getCode().equals(value.getCode())) {
        throw new RefusedRecordEntry("Observation.valueQuantity.code", "The value is in '" + value.getCode()
            + "' but its " + which + " range in '" + bound.getCode() + "': the server does not convert units, "
            + "send both in one unit; nothing was stored");
      }
    }
  }
}
