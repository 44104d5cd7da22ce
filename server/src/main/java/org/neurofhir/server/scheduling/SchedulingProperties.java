package org.neurofhir.server.scheduling;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Appointments, availability and free slots (server/README.md "Scheduling").
 *
 * @param patientCancellationNotice a patient cancels or moves an appointment at least this long before it starts
 * @param clinicCancellationNotice staff (the practitioner, a secretary) and EHR clients cancel at least this long
 *     before; 0 = until it starts (a doctor who falls ill must be able to cancel the same morning)
 * @param maxFindRange the longest period one {@code $find} covers (each day of each schedule is computed)
 * @param maxFindSlots the most free slots one {@code $find} answers with
 * @param calendarPast how far back a calendar feed lists appointments
 * @param calendarAhead how far ahead a calendar feed lists appointments
 */
@ConfigurationProperties(prefix = "neurofhir.scheduling")
public record SchedulingProperties(
    @DefaultValue("24h") Duration patientCancellationNotice,
    @DefaultValue("0s") Duration clinicCancellationNotice,
    @DefaultValue("92d") Duration maxFindRange,
    @DefaultValue("10000") int maxFindSlots,
    @DefaultValue("30d") Duration calendarPast,
    @DefaultValue("400d") Duration calendarAhead) {}
