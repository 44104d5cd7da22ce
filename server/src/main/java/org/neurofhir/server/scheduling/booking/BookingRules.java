package org.neurofhir.server.scheduling.booking;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.neurofhir.profiles.ConsultationMode;
import org.neurofhir.server.scheduling.availability.Availability;
import org.neurofhir.server.scheduling.availability.OpenSlot;
import org.neurofhir.server.scheduling.availability.ScheduleDirectory;
import org.neurofhir.server.scheduling.availability.SlotCalendar;
import org.neurofhir.server.security.CallerAuthenticationToken;
import org.neurofhir.server.security.Role;

/**
 * Every stored Appointment with a participant that has an availability schedule (a practitioner, "MR scanner 1")
 * holds a seat of an open slot of that schedule while it is active: plain POST/PUT, bundles and the scheduling
 * operations all pass here, in the storage transaction, so none of them can double-book. Refused, nothing stored:
 * a start/end that is not a slot of the schedule or a mode it does not offer (422), a new time in the past (422), a
 * full slot (409). Appointments of participants without an availability schedule are left as they are.
 * Patients use the operations ($book, $cancel, $reschedule), which apply the notice rules; their plain writes to
 * such appointments are refused (403).
 */
@Interceptor
public class BookingRules {

  private final ScheduleDirectory directory;
  private final SlotBookings bookings;
  private final Clock clock;

  public BookingRules(ScheduleDirectory directory, SlotBookings bookings, Clock clock) {
    this.directory = directory;
    this.bookings = bookings;
    this.clock = clock;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource, RequestDetails request) {
    if (resource instanceof Appointment appointment) {
      apply(appointment, request);
    }
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
    if (resource instanceof Appointment appointment) {
      apply(appointment, request);
    }
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
  public void deleted(IBaseResource resource) {
    if (resource instanceof Appointment appointment) {
      bookings.release(appointment.getIdElement().getIdPart());
    }
  }

  private void apply(Appointment appointment, RequestDetails request) {
    String id = appointment.getIdElement().getIdPart();
    List<String> actors = AppointmentSlots.bookableActors(appointment);
    List<Availability> schedules = directory.forActors(actors);
    List<SlotBookings.Seat> held = bookings.heldBy(id);
    if (schedules.isEmpty() && held.isEmpty()) {
      return;
    }
    if (plainWriteByPatient(request)) {
      throw new ForbiddenOperationException("a patient books, moves and cancels appointments with a practitioner's "
          + "agenda through Appointment/$book, $reschedule and $cancel");
    }
    if (!AppointmentSlots.holdsSeat(appointment.getStatus())) {
      bookings.release(id);
      return;
    }
    if (!appointment.hasStart() || !appointment.hasEnd()) {
      throw new UnprocessableEntityException("an appointment in an agenda has a start and an end (a slot of "
          + actors + ")");
    }
    Instant start = appointment.getStart().toInstant();
    Instant end = appointment.getEnd().toInstant();
    Optional<ConsultationMode> mode = AppointmentSlots.mode(appointment);
    Set<SlotBookings.SlotKey> wanted = new LinkedHashSet<>();
    Map<SlotBookings.SlotKey, Integer> capacity = new HashMap<>();
    for (String actor : actors) {
      List<Availability> ofActor = schedules.stream().filter(a -> a.actors().contains(actor)).toList();
      if (ofActor.isEmpty()) {
        continue;
      }
      Optional<SlotBookings.Seat> kept = held.stream().filter(seat -> seat.start().equals(start)
          && ofActor.stream().anyMatch(a -> a.scheduleId().equals(seat.scheduleId()))).findFirst();
      if (kept.isPresent()) {
        // the seat it holds: kept even if the rules changed since it was booked
        wanted.add(new SlotBookings.SlotKey(kept.get().scheduleId(), start));
        continue;
      }
      OpenSlot slot = ofActor.stream()
          .map(a -> SlotCalendar.slotAt(a, start))
          .flatMap(Optional::stream)
          .filter(s -> s.end().equals(end) && s.offers(mode.orElse(null)))
          .findFirst()
          .orElseThrow(() -> new UnprocessableEntityException("no free slot of " + actor + " is " + start + " - " + end
              + mode.map(m -> " " + m.code()).orElse("") + ": the time is outside its availability (see Appointment/$find)"));
      SlotBookings.SlotKey key = new SlotBookings.SlotKey(slot.scheduleId(), slot.start());
      wanted.add(key);
      capacity.put(key, slot.capacity());
    }
    Set<SlotBookings.SlotKey> holding = new LinkedHashSet<>();
    held.forEach(s -> holding.add(new SlotBookings.SlotKey(s.scheduleId(), s.start())));
    if (wanted.equals(holding)) {
      return; // same slot as before: a status or participant change, even after the start (fulfilled)
    }
    if (start.isBefore(clock.instant())) {
      throw new UnprocessableEntityException("the slot " + start + " is in the past");
    }
    for (SlotBookings.SlotKey key : holding) {
      if (!wanted.contains(key)) {
        bookings.release(id, key);
      }
    }
    for (SlotBookings.SlotKey key : wanted) {
      if (!holding.contains(key) && !bookings.claim(key.scheduleId(), key.start(), capacity.get(key), id)) {
        throw new SlotTaken("the slot " + key.start() + " of Schedule/" + key.scheduleId()
            + " is already booked; nothing was stored (see Appointment/$find for free slots)");
      }
    }
  }

  private static boolean plainWriteByPatient(RequestDetails request) {
    if (request == null || request instanceof SystemRequestDetails) {
      return false;
    }
    return CallerAuthenticationToken.current().map(c -> c.has(Role.PATIENT)).orElse(false);
  }
}
