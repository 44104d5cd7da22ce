package org.neurofhir.server.scheduling;

import java.time.Duration;
import java.util.List;
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
 * @param reminders appointment reminders (README "Scheduling", Reminders)
 */
@ConfigurationProperties(prefix = "neurofhir.scheduling")
public record SchedulingProperties(
    @DefaultValue("24h") Duration patientCancellationNotice,
    @DefaultValue("0s") Duration clinicCancellationNotice,
    @DefaultValue("92d") Duration maxFindRange,
    @DefaultValue("10000") int maxFindSlots,
    @DefaultValue("30d") Duration calendarPast,
    @DefaultValue("400d") Duration calendarAhead,
    @DefaultValue Reminders reminders) {

  /**
   * @param enabled false: no reminder is scheduled or sent
   * @param leadTimes how long before the start each reminder goes (one reminder per lead time)
   * @param channels what may be used, in the order tried when the patient ranks none: email, sms
   * @param pollInterval how often each node looks for due reminders
   * @param lease how long a node that took a reminder has to send it before another node may (longer than the
   *     SMTP timeouts together)
   * @param maxAttempts tries of one reminder (taken, whatever came of it) before it is given up as not-done
   * @param retryBackoff wait before the second try; doubles each try
   * @param from the e-mail's From address
   * @param templateDir a folder of {@code reminder_<language>.properties} files overriding the shipped texts; empty =
   *     the shipped ones
   * @param defaultLanguage the language of patients whose Patient.communication names none the templates have
   * @param timeZone the zone of times in the message for appointments without an availability schedule; empty =
   *     the server's
   */
  public record Reminders(
      @DefaultValue("true") boolean enabled,
      @DefaultValue({"24h", "2h"}) List<Duration> leadTimes,
      @DefaultValue({"email"}) List<String> channels,
      @DefaultValue("30s") Duration pollInterval,
      @DefaultValue("5m") Duration lease,
      @DefaultValue("5") int maxAttempts,
      @DefaultValue("5m") Duration retryBackoff,
      @DefaultValue("noreply@localhost") String from,
      @DefaultValue("") String templateDir,
      @DefaultValue("en") String defaultLanguage,
      @DefaultValue("") String timeZone) {}
}
