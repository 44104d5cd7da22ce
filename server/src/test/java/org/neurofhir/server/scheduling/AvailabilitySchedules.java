package org.neurofhir.server.scheduling;

import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.TimeType;
import org.neurofhir.profiles.NeuroFhirCanonical;

/** Availability schedules as tests write them (profile availability-schedule); public for tests of other features. */
public final class AvailabilitySchedules {

  public static final List<String> WEEKDAYS = List.of("mon", "tue", "wed", "thu", "fri");

  private AvailabilitySchedules() {}

  /** An active schedule of one actor; zone null = none (refused by the server). */
  public static Schedule schedule(String actor, String zone) {
    Schedule s = new Schedule();
    s.getMeta().addProfile(NeuroFhirCanonical.PROFILE_AVAILABILITY_SCHEDULE);
    s.setActive(true);
    s.addActor(new Reference(actor));
    s.setComment("agenda" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
    if (zone != null) {
      s.addExtension(new Extension(NeuroFhirCanonical.EXT_AVAILABILITY_TIME_ZONE, new CodeType(zone)));
    }
    return s;
  }

  /** Adds a weekly rule; modes empty = all. */
  public static Schedule rule(Schedule s, List<String> days, String start, String end, int slotMinutes, int capacity,
      String... modes) {
    Extension rule = new Extension(NeuroFhirCanonical.EXT_AVAILABILITY_RULE);
    days.forEach(d -> rule.addExtension("day", new CodeType(d)));
    rule.addExtension("start", new TimeType(start));
    rule.addExtension("end", new TimeType(end));
    rule.addExtension("slotMinutes", new PositiveIntType(slotMinutes));
    rule.addExtension("capacity", new PositiveIntType(capacity));
    for (String m : modes) {
      rule.addExtension("mode", new Coding(NeuroFhirCanonical.CS_CONSULTATION_MODE, m, null));
    }
    s.addExtension(rule);
    return s;
  }
}
