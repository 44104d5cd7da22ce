package org.neurofhir.server.scheduling.availability;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Expands an availability into its open slots over a period. Weekly rules are local times, so a 09:00 slot stays at
 * 09:00 on the wall clock across a daylight-saving change (its UTC instant moves by the offset); a slot whose local
 * start does not exist that day (spring forward) is skipped, and one whose local start happens twice (fall back)
 * is offered once, at the earlier instant.
 */
public final class SlotCalendar {

  private SlotCalendar() {}

  /** The open slots starting in [from, to), in time order; a period off removes every slot it overlaps. */
  public static List<OpenSlot> expand(Availability availability, Instant from, Instant to) {
    if (!availability.active()) {
      return List.of();
    }
    ZoneId zone = availability.zone();
    Map<Instant, OpenSlot> byStart = new LinkedHashMap<>();
    LocalDate first = from.atZone(zone).toLocalDate().minusDays(1);
    LocalDate last = to.atZone(zone).toLocalDate();
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      for (WeeklyRule rule : availability.rules()) {
        if (!rule.days().contains(day.getDayOfWeek())) {
          continue;
        }
        long ruleEnd = rule.end().toSecondOfDay();
        for (long s = rule.start().toSecondOfDay(); s + rule.slot().toSeconds() <= ruleEnd; s += rule.slot().toSeconds()) {
          LocalDateTime local = day.atStartOfDay().plusSeconds(s);
          if (zone.getRules().getValidOffsets(local).isEmpty()) {
            continue; // this wall-clock time does not exist today
          }
          Instant start = local.atZone(zone).toInstant();
          add(byStart, new OpenSlot(availability.scheduleId(), start, start.plus(rule.slot()), rule.capacity(),
              rule.modes()), from, to);
        }
      }
    }
    for (AvailabilityException open : availability.exceptions()) {
      if (open.kind() != AvailabilityException.Kind.OPEN || !open.overlaps(from, to.plus(Duration.ofDays(1)))) {
        continue;
      }
      for (Instant s = open.start(); !s.plus(open.slot()).isAfter(open.end()); s = s.plus(open.slot())) {
        add(byStart, new OpenSlot(availability.scheduleId(), s, s.plus(open.slot()), open.capacity(), open.modes()),
            from, to);
      }
    }
    List<OpenSlot> slots = new ArrayList<>();
    for (OpenSlot slot : byStart.values()) {
      boolean off = availability.exceptions().stream()
          .anyMatch(x -> x.kind() == AvailabilityException.Kind.OFF && x.overlaps(slot.start(), slot.end()));
      if (!off) {
        slots.add(slot);
      }
    }
    slots.sort(Comparator.comparing(OpenSlot::start));
    return slots;
  }

  /** The open slot starting exactly at {@code start}, if the availability offers one. */
  public static Optional<OpenSlot> slotAt(Availability availability, Instant start) {
    return expand(availability, start, start.plusSeconds(1)).stream().filter(s -> s.start().equals(start)).findFirst();
  }

  private static void add(Map<Instant, OpenSlot> byStart, OpenSlot slot, Instant from, Instant to) {
    if (!slot.start().isBefore(from) && slot.start().isBefore(to)) {
      byStart.putIfAbsent(slot.start(), slot); // two rules offering one start: the first rule's slot
    }
  }
}
