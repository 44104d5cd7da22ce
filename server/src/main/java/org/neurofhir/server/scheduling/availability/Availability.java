package org.neurofhir.server.scheduling.availability;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * A Schedule of profile availability-schedule, read: who or what it is for ({@code actors}, as {@code Practitioner/1},
 * {@code Location/mr-1}), its specialties as {@code system|code}, its zone, rules and exceptions.
 */
public record Availability(
    String scheduleId,
    boolean active,
    List<String> actors,
    Set<String> specialties,
    ZoneId zone,
    List<WeeklyRule> rules,
    List<AvailabilityException> exceptions) {}
