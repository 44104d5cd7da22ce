package org.neurofhir.server.scheduling.reminder;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;

/**
 * Keeps the reminder schedule in step with every stored Appointment, in the storage transaction that writes it (plain
 * POST/PUT, bundles and the scheduling operations alike): a booked appointment with a patient has one reminder per
 * lead time whose due time is still ahead; cancelling, deleting or leaving {@code booked} drops its pending
 * reminders, moving it moves them. Pending (unconfirmed) appointments get none: the practitioner may still decline.
 */
@Interceptor
public class ReminderPlanner {

  private final ReminderSchedule schedule;
  private final List<Duration> leadTimes;
  private final Clock clock;

  public ReminderPlanner(ReminderSchedule schedule, List<Duration> leadTimes, Clock clock) {
    this.schedule = schedule;
    this.leadTimes = List.copyOf(leadTimes);
    this.clock = clock;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    if (resource instanceof Appointment appointment) {
      plan(appointment);
    }
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    if (resource instanceof Appointment appointment) {
      plan(appointment);
    }
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
  public void deleted(IBaseResource resource) {
    if (resource instanceof Appointment appointment) {
      schedule.replace(appointment.getIdElement().getIdPart(), Set.of());
    }
  }

  private void plan(Appointment appointment) {
    schedule.replace(appointment.getIdElement().getIdPart(), wanted(appointment, clock.instant()));
  }

  /** The reminders this version of the appointment should have, as of {@code now}. */
  Set<ReminderSchedule.Planned> wanted(Appointment appointment, Instant now) {
    Set<ReminderSchedule.Planned> wanted = new LinkedHashSet<>();
    if (!remindable(appointment)) {
      return wanted;
    }
    Instant start = appointment.getStart().toInstant();
    for (Duration lead : leadTimes) {
      ReminderSchedule.Planned p = new ReminderSchedule.Planned(start, lead);
      if (p.dueAt().isAfter(now)) {
        wanted.add(p); // a due time already past when it is booked or moved is skipped, not sent late
      }
    }
    return wanted;
  }

  static boolean remindable(Appointment appointment) {
    return appointment.getStatus() == Appointment.AppointmentStatus.BOOKED && appointment.hasStart()
        && PatientParticipant.of(appointment).isPresent();
  }
}
