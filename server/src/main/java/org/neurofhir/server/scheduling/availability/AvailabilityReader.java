package org.neurofhir.server.scheduling.availability;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Type;
import org.neurofhir.profiles.ConsultationMode;
import org.neurofhir.profiles.NeuroFhirCanonical;

/**
 * Reads the availability extensions of a Schedule (profile availability-schedule). A Schedule without any of them is
 * not an availability schedule (empty): plain Schedules stay what they were. One with them must be complete and
 * consistent, or the write is refused (422) with what is wrong, so a stored availability can always be expanded.
 */
public final class AvailabilityReader {

  /** Longest slot a rule may define: one day (longer slots are periods, not appointments). */
  private static final Duration MAX_SLOT = Duration.ofHours(24);

  private AvailabilityReader() {}

  public static boolean isAvailability(Schedule schedule) {
    return schedule.getExtension().stream().anyMatch(e -> ours(e.getUrl()));
  }

  public static Optional<Availability> read(Schedule schedule) {
    if (!isAvailability(schedule)) {
      return Optional.empty();
    }
    ZoneId zone = zone(schedule);
    List<WeeklyRule> rules = new ArrayList<>();
    List<AvailabilityException> exceptions = new ArrayList<>();
    for (Extension e : schedule.getExtension()) {
      if (NeuroFhirCanonical.EXT_AVAILABILITY_RULE.equals(e.getUrl())) {
        rules.add(rule(e, rules.size()));
      } else if (NeuroFhirCanonical.EXT_AVAILABILITY_EXCEPTION.equals(e.getUrl())) {
        exceptions.add(exception(e, zone, exceptions.size()));
      }
    }
    List<String> actors = schedule.getActor().stream()
        .filter(r -> r.getReferenceElement().hasResourceType() && r.getReferenceElement().hasIdPart())
        .map(r -> r.getReferenceElement().getResourceType() + "/" + r.getReferenceElement().getIdPart())
        .toList();
    if (actors.isEmpty()) {
      throw refused("an availability schedule names whose it is (actor: Practitioner, Location, Device ...)");
    }
    Set<String> specialties = new LinkedHashSet<>();
    schedule.getSpecialty().forEach(cc -> cc.getCoding().forEach(c -> specialties.add(c.getSystem() + "|" + c.getCode())));
    String id = schedule.getIdElement().getIdPart();
    return Optional.of(new Availability(id, !schedule.hasActive() || schedule.getActive(), actors, specialties, zone,
        List.copyOf(rules), List.copyOf(exceptions)));
  }

  private static boolean ours(String url) {
    return NeuroFhirCanonical.EXT_AVAILABILITY_TIME_ZONE.equals(url) || NeuroFhirCanonical.EXT_AVAILABILITY_RULE.equals(url)
        || NeuroFhirCanonical.EXT_AVAILABILITY_EXCEPTION.equals(url);
  }

  private static ZoneId zone(Schedule schedule) {
    List<Extension> zones = schedule.getExtensionsByUrl(NeuroFhirCanonical.EXT_AVAILABILITY_TIME_ZONE);
    if (zones.size() != 1 || zones.get(0).getValue() == null) {
      throw refused("an availability schedule has exactly one time zone (" + NeuroFhirCanonical.EXT_AVAILABILITY_TIME_ZONE
          + ", valueCode such as Europe/Paris); this one has " + zones.size());
    }
    String id = zones.get(0).getValue().primitiveValue();
    try {
      if (id == null || !id.contains("/") && !"UTC".equals(id)) {
        throw new DateTimeException(id);
      }
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw refused("'" + id + "' is not an IANA time zone such as Europe/Paris or UTC");
    }
  }

  private static WeeklyRule rule(Extension e, int index) {
    String where = "availability rule " + (index + 1);
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (Extension day : parts(e, "day", where)) {
      days.add(day(text(day, where + " day"), where));
    }
    if (days.isEmpty()) {
      throw refused(where + " names no day (day: mon, tue, wed, thu, fri, sat, sun)");
    }
    LocalTime start = time(one(e, "start", where), where + " start");
    LocalTime end = time(one(e, "end", where), where + " end");
    if (!end.isAfter(start)) {
      throw refused(where + " ends (" + end + ") before it starts (" + start
          + "); hours past midnight are a second rule on the next day");
    }
    Duration slot = slotLength(one(e, "slotMinutes", where), where);
    if (slot.compareTo(Duration.between(start, end)) > 0) {
      throw refused(where + " has slots of " + slot.toMinutes() + " min, longer than its hours " + start + "-" + end);
    }
    return new WeeklyRule(days, start, end, slot, capacity(e, where), modes(e, where));
  }

  private static AvailabilityException exception(Extension e, ZoneId zone, int index) {
    String where = "availability exception " + (index + 1);
    String kindCode = text(one(e, "kind", where), where + " kind");
    AvailabilityException.Kind kind = switch (kindCode) {
      case "off" -> AvailabilityException.Kind.OFF;
      case "open" -> AvailabilityException.Kind.OPEN;
      default -> throw refused(where + " kind is 'off' or 'open', not '" + kindCode + "'");
    };
    Type value = one(e, "period", where).getValue();
    if (!(value instanceof Period period) || !period.hasStart() || !period.hasEnd()) {
      throw refused(where + " needs a period with a start and an end");
    }
    Instant start = bound(period.getStartElement(), zone, false);
    Instant end = bound(period.getEndElement(), zone, true);
    if (!end.isAfter(start)) {
      throw refused(where + " ends before it starts");
    }
    List<Extension> reasons = e.getExtensionsByUrl("reason");
    String reason = reasons.isEmpty() ? null : reasons.get(0).getValue().primitiveValue();
    if (kind == AvailabilityException.Kind.OFF) {
      return new AvailabilityException(kind, start, end, null, 0, Set.of(), reason);
    }
    Duration slot = slotLength(one(e, "slotMinutes", where), where);
    if (slot.compareTo(Duration.between(start, end)) > 0) {
      throw refused(where + " has slots longer than its period");
    }
    return new AvailabilityException(kind, start, end, slot, capacity(e, where), modes(e, where), reason);
  }

  /**
   * A period bound of day precision is the start of that day in the schedule's zone; an end of day precision
   * includes that whole day (FHIR Period semantics), so "2026-12-24 .. 2027-01-03" is off through 3 January.
   */
  private static Instant bound(DateTimeType value, ZoneId zone, boolean end) {
    if (value.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
      LocalDate day = LocalDate.of(value.getYear(), value.getMonth() + 1, value.getDay());
      return (end ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
    }
    if (value.getTimeZone() == null || value.getValueAsString().length() < 20) {
      throw refused("a period bound with a time carries its offset (e.g. 2027-03-01T08:00:00+01:00): "
          + value.getValueAsString());
    }
    return value.getValue().toInstant();
  }

  private static List<Extension> parts(Extension e, String url, String where) {
    for (Extension part : e.getExtension()) {
      if (!List.of("day", "start", "end", "slotMinutes", "capacity", "mode", "kind", "period", "reason")
          .contains(part.getUrl())) {
        throw refused(where + " has an unknown part '" + part.getUrl() + "'");
      }
    }
    return e.getExtensionsByUrl(url);
  }

  private static Extension one(Extension e, String url, String where) {
    List<Extension> found = parts(e, url, where);
    if (found.size() != 1 || found.get(0).getValue() == null) {
      throw refused(where + " needs exactly one " + url);
    }
    return found.get(0);
  }

  private static String text(Extension e, String where) {
    String v = e.getValue() == null ? null : e.getValue().primitiveValue();
    if (v == null || v.isBlank()) {
      throw refused(where + " has no value");
    }
    return v;
  }

  private static DayOfWeek day(String code, String where) {
    return switch (code) {
      case "mon" -> DayOfWeek.MONDAY;
      case "tue" -> DayOfWeek.TUESDAY;
      case "wed" -> DayOfWeek.WEDNESDAY;
      case "thu" -> DayOfWeek.THURSDAY;
      case "fri" -> DayOfWeek.FRIDAY;
      case "sat" -> DayOfWeek.SATURDAY;
      case "sun" -> DayOfWeek.SUNDAY;
      default -> throw refused(where + " day is mon, tue, wed, thu, fri, sat or sun, not '" + code + "'");
    };
  }

  private static LocalTime time(Extension e, String where) {
    String v = text(e, where);
    try {
      return LocalTime.parse(v);
    } catch (DateTimeParseException ex) {
      throw refused(where + " is a time of day such as 09:00:00, not '" + v + "'");
    }
  }

  private static Duration slotLength(Extension e, String where) {
    if (!(e.getValue() instanceof PositiveIntType minutes) || minutes.getValue() == null || minutes.getValue() < 1) {
      throw refused(where + " slotMinutes is a positive whole number of minutes");
    }
    Duration slot = Duration.ofMinutes(minutes.getValue());
    if (slot.compareTo(MAX_SLOT) > 0) {
      throw refused(where + " slotMinutes is at most " + MAX_SLOT.toMinutes());
    }
    return slot;
  }

  private static int capacity(Extension e, String where) {
    List<Extension> found = parts(e, "capacity", where);
    if (found.isEmpty()) {
      return 1;
    }
    if (found.size() > 1 || !(found.get(0).getValue() instanceof PositiveIntType n) || n.getValue() == null
        || n.getValue() < 1 || n.getValue() > 1000) {
      throw refused(where + " capacity is one whole number from 1 to 1000");
    }
    return n.getValue();
  }

  private static Set<ConsultationMode> modes(Extension e, String where) {
    Set<ConsultationMode> modes = EnumSet.noneOf(ConsultationMode.class);
    for (Extension m : parts(e, "mode", where)) {
      if (!(m.getValue() instanceof Coding coding) || !NeuroFhirCanonical.CS_CONSULTATION_MODE.equals(coding.getSystem())) {
        throw refused(where + " mode is a Coding of " + NeuroFhirCanonical.CS_CONSULTATION_MODE);
      }
      try {
        modes.add(ConsultationMode.fromCode(coding.getCode()));
      } catch (IllegalArgumentException unknown) {
        throw refused(where + " mode '" + coding.getCode() + "' is in-person or remote");
      }
    }
    return modes.isEmpty() ? EnumSet.allOf(ConsultationMode.class) : modes;
  }

  private static UnprocessableEntityException refused(String why) {
    return new UnprocessableEntityException("Schedule: " + why);
  }
}
