package org.neurofhir.server.scheduling.availability;

import java.time.Instant;
import java.util.Set;
import org.neurofhir.profiles.ConsultationMode;

/** One slot a schedule offers, before bookings are counted: {@code capacity} appointments may take it. */
public record OpenSlot(String scheduleId, Instant start, Instant end, int capacity, Set<ConsultationMode> modes) {

  /** An appointment in {@code mode} fits; no mode named = any mode the slot offers. */
  public boolean offers(ConsultationMode mode) {
    return mode == null || modes.contains(mode);
  }
}
