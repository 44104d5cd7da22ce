package org.neurofhir.server.scheduling.availability;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.neurofhir.profiles.ConsultationMode;

/**
 * A period off (no slot of the weekly rules that overlaps it) or an extra opening (slots of {@code slot} from
 * {@code start} while one still ends by {@code end}); {@code slot}, {@code capacity} and {@code modes} apply to
 * openings only.
 */
public record AvailabilityException(
    Kind kind, Instant start, Instant end, Duration slot, int capacity, Set<ConsultationMode> modes, String reason) {

  public enum Kind { OFF, OPEN }

  boolean overlaps(Instant from, Instant to) {
    return start.isBefore(to) && from.isBefore(end);
  }
}
