package org.neurofhir.server.scheduling.slots;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.neurofhir.server.scheduling.availability.Availability;
import org.neurofhir.server.scheduling.availability.OpenSlot;
import org.neurofhir.server.scheduling.availability.ScheduleDirectory;
import org.neurofhir.server.scheduling.availability.SlotCalendar;
import org.neurofhir.server.scheduling.booking.SlotBookings;

/**
 * Free slots computed, not stored: the schedules' rules and exceptions expanded over the period, minus the seats
 * appointments hold (one indexed query on {@code nf_slot_booking}). Nothing to keep in step when a rule changes or an
 * appointment is cancelled; bench/scheduling measures it (server/README.md "Scheduling").
 */
public class FreeSlotFinder {

  private final ScheduleDirectory directory;
  private final SlotBookings bookings;
  private final Clock clock;
  private final Duration maxRange;
  private final int maxSlots;

  public FreeSlotFinder(ScheduleDirectory directory, SlotBookings bookings, Clock clock, Duration maxRange, int maxSlots) {
    this.directory = directory;
    this.bookings = bookings;
    this.clock = clock;
    this.maxRange = maxRange;
    this.maxSlots = maxSlots;
  }

  public List<FreeSlot> find(FreeSlotQuery query) {
    if (!query.to().isAfter(query.from())) {
      throw new InvalidRequestException("$find: end must be after start");
    }
    if (Duration.between(query.from(), query.to()).compareTo(maxRange) > 0) {
      throw new InvalidRequestException("$find covers at most " + maxRange.toDays() + " days at a time");
    }
    Instant from = query.from().isBefore(clock.instant()) ? clock.instant() : query.from();
    List<Availability> schedules = directory.matching(query.actors(), query.specialties(), query.scheduleId());
    Map<SlotBookings.SlotKey, Integer> booked =
        bookings.countBooked(schedules.stream().map(Availability::scheduleId).toList(), from, query.to());
    List<FreeSlot> free = new ArrayList<>();
    for (Availability a : schedules) {
      for (OpenSlot slot : SlotCalendar.expand(a, from, query.to())) {
        if (!slot.offers(query.mode().orElse(null))) {
          continue;
        }
        int left = slot.capacity() - booked.getOrDefault(new SlotBookings.SlotKey(a.scheduleId(), slot.start()), 0);
        if (left > 0) {
          free.add(new FreeSlot(slot, left, a.zone()));
        }
      }
    }
    free.sort(Comparator.comparing((FreeSlot f) -> f.slot().start()).thenComparing(f -> f.slot().scheduleId()));
    if (free.size() > maxSlots) {
      throw new InvalidRequestException("$find found more than " + maxSlots + " free slots; ask for a shorter period "
          + "or fewer schedules");
    }
    return free;
  }
}
