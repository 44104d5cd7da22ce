package org.neurofhir.server.scheduling.workflow;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentParticipantComponent;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.Appointment.ParticipationStatus;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.neurofhir.profiles.ConsultationMode;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.server.scheduling.SchedulingProperties;
import org.neurofhir.server.scheduling.availability.Availability;
import org.neurofhir.server.scheduling.availability.AvailabilityReader;
import org.neurofhir.server.scheduling.availability.OpenSlot;
import org.neurofhir.server.scheduling.availability.SlotCalendar;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The life of a scheduled appointment: booked as {@code pending} (the patient's side accepted, the practitioner's
 * needs action) → the practitioner confirms ({@code booked}) or declines ({@code cancelled}, reason) → either side
 * cancels with a reason, no later than its notice → {@code fulfilled} or {@code noshow} once it has started. Each step
 * reads and writes in one transaction and writes the version it read, so two concurrent steps cannot both win (409).
 * The seat itself is taken and released by the storage rules ({@code booking.BookingRules}).
 */
public class AppointmentWorkflow {

  private static final Set<AppointmentStatus> OPEN =
      EnumSet.of(AppointmentStatus.PROPOSED, AppointmentStatus.PENDING, AppointmentStatus.BOOKED);

  private final IFhirResourceDao<Appointment> appointments;
  private final IFhirResourceDao<Schedule> schedules;
  private final TransactionTemplate transaction;
  private final SchedulingProperties props;
  private final Clock clock;

  public AppointmentWorkflow(IFhirResourceDao<Appointment> appointments, IFhirResourceDao<Schedule> schedules,
      PlatformTransactionManager transactions, SchedulingProperties props, Clock clock) {
    this.appointments = appointments;
    this.schedules = schedules;
    this.transaction = new TransactionTemplate(transactions);
    this.props = props;
    this.clock = clock;
  }

  public Appointment book(BookingRequest request, Booker booker) {
    if (booker.side() == Booker.Side.PATIENT && !booker.patient().orElseThrow().equals(request.patient())) {
      throw new ForbiddenOperationException("a patient books appointments for themselves only ("
          + booker.patient().orElseThrow() + ")");
    }
    return transaction.execute(status -> {
      Availability availability = availability(request.scheduleId());
      OpenSlot slot = SlotCalendar.slotAt(availability, request.start())
          .orElseThrow(() -> new UnprocessableEntityException("Schedule/" + request.scheduleId() + " has no slot at "
              + request.start() + ": it is outside the availability (see Appointment/$find)"));
      ConsultationMode mode = request.mode().or(() -> slot.modes().size() == 1
              ? Optional.of(slot.modes().iterator().next()) : Optional.empty())
          .orElseThrow(() -> new InvalidRequestException("this slot is offered " + slot.modes()
              + ": say which (mode = in-person | remote)"));
      if (!slot.offers(mode)) {
        throw new UnprocessableEntityException("this slot is not offered " + mode.code() + " (only " + slot.modes() + ")");
      }
      Appointment a = new Appointment();
      a.getMeta().addProfile(NeuroFhirCanonical.PROFILE_CLINIC_APPOINTMENT);
      a.addExtension(mode.toExtension());
      a.setStatus(AppointmentStatus.PENDING);
      a.setStart(Date.from(slot.start()));
      a.setEnd(Date.from(slot.end()));
      a.setCreated(Date.from(clock.instant()));
      request.note().ifPresent(a::setComment);
      a.addParticipant().setActor(new Reference(request.patient())).setStatus(ParticipationStatus.ACCEPTED)
          .setRequired(Appointment.ParticipantRequired.REQUIRED);
      for (String actor : availability.actors()) {
        // people confirm; rooms and scanners have no say
        boolean person = actor.startsWith("Practitioner/") || actor.startsWith("PractitionerRole/");
        ParticipationStatus ps = person && !actor.equals(booker.practitioner().orElse(null))
            ? ParticipationStatus.NEEDSACTION : ParticipationStatus.ACCEPTED;
        a.addParticipant().setActor(new Reference(actor)).setStatus(ps).setRequired(Appointment.ParticipantRequired.REQUIRED);
      }
      settle(a);
      IdType id = (IdType) appointments.create(a, new SystemRequestDetails()).getId();
      return appointments.read(id.toUnqualifiedVersionless(), new SystemRequestDetails());
    });
  }

  /** The practitioner (a doctor whose account names a Practitioner participant) accepts: booked once all have. */
  public Appointment confirm(String id, Booker booker) {
    return change(id, a -> {
      AppointmentParticipantComponent mine = ownParticipant(a, booker, "confirm");
      requireStatus(a, EnumSet.of(AppointmentStatus.PROPOSED, AppointmentStatus.PENDING), "confirmed");
      mine.setStatus(ParticipationStatus.ACCEPTED);
      settle(a);
    });
  }

  public Appointment decline(String id, String reason, Booker booker) {
    return change(id, a -> {
      AppointmentParticipantComponent mine = ownParticipant(a, booker, "decline");
      requireStatus(a, OPEN, "declined");
      mine.setStatus(ParticipationStatus.DECLINED);
      a.setStatus(AppointmentStatus.CANCELLED);
      a.setCancelationReason(reason("declined by " + mine.getActor().getReference(), reason));
    });
  }

  /** Either side cancels, with a reason, no later than its notice before the start. */
  public Appointment cancel(String id, String reason, Booker booker) {
    return change(id, a -> {
      Optional<AppointmentParticipantComponent> side = sideOf(a, booker);
      requireStatus(a, OPEN, "cancelled");
      requireNotice(a.getStart().toInstant(), booker, "cancel");
      side.ifPresent(p -> p.setStatus(ParticipationStatus.DECLINED));
      a.setStatus(AppointmentStatus.CANCELLED);
      a.setCancelationReason(reason("cancelled by " + (booker.side() == Booker.Side.PATIENT ? "the patient"
          : booker.side() == Booker.Side.EHR ? "client " + booker.name() : "the clinic (" + booker.name() + ")"), reason));
    });
  }

  /**
   * Moves the appointment to another slot of the same schedule in one write: the old seat is released and the new
   * one taken in one transaction, so it either moves or stays where it was. A move the practitioner did not make
   * needs their confirmation again.
   */
  public Appointment reschedule(String id, Instant start, Booker booker) {
    return change(id, a -> {
      Optional<AppointmentParticipantComponent> side = sideOf(a, booker);
      requireStatus(a, OPEN, "moved");
      requireNotice(a.getStart().toInstant(), booker, "move");
      Duration length = Duration.between(a.getStart().toInstant(), a.getEnd().toInstant());
      a.setStart(Date.from(start));
      a.setEnd(Date.from(start.plus(length)));
      for (AppointmentParticipantComponent p : a.getParticipant()) {
        String ref = p.getActor().getReference();
        boolean person = ref != null && (ref.startsWith("Practitioner/") || ref.startsWith("PractitionerRole/"));
        if (person && !ref.equals(booker.practitioner().orElse(null))) {
          p.setStatus(ParticipationStatus.NEEDSACTION);
        }
      }
      side.ifPresent(p -> p.setStatus(ParticipationStatus.ACCEPTED));
      settle(a);
    });
  }

  /** After the start: it took place ({@code fulfilled}) or the patient did not come ({@code noshow}). */
  public Appointment close(String id, AppointmentStatus outcome, Booker booker) {
    return change(id, a -> {
      if (booker.side() == Booker.Side.PATIENT) {
        throw new ForbiddenOperationException("the clinic records whether an appointment took place");
      }
      if (booker.side() == Booker.Side.CLINIC && !booker.secretary()) {
        ownParticipant(a, booker, "record the outcome of");
      }
      requireStatus(a, EnumSet.of(AppointmentStatus.BOOKED, AppointmentStatus.ARRIVED, AppointmentStatus.CHECKEDIN),
          outcome.toCode());
      if (a.getStart().toInstant().isAfter(clock.instant())) {
        throw new UnprocessableEntityException("an appointment is " + outcome.toCode() + " only once it has started ("
            + a.getStart().toInstant() + ")");
      }
      a.setStatus(outcome);
      if (outcome == AppointmentStatus.NOSHOW) {
        patientParticipant(a).ifPresent(p -> p.setStatus(ParticipationStatus.DECLINED));
      }
    });
  }

  private Appointment change(String id, java.util.function.Consumer<Appointment> step) {
    return transaction.execute(status -> {
      Appointment a = read(id);
      step.accept(a);
      appointments.update(a, new SystemRequestDetails()); // a's id carries the version read: 409 if it changed since
      return appointments.read(new IdType("Appointment", id), new SystemRequestDetails());
    });
  }

  private Appointment read(String id) {
    try {
      return appointments.read(new IdType("Appointment", id), new SystemRequestDetails());
    } catch (ResourceGoneException e) {
      throw new ResourceNotFoundException("Appointment/" + id + " is not known");
    }
  }

  private Availability availability(String scheduleId) {
    try {
      Schedule s = schedules.read(new IdType("Schedule", scheduleId), new SystemRequestDetails());
      return AvailabilityReader.read(s).orElseThrow(() -> new UnprocessableEntityException(
          "Schedule/" + scheduleId + " is not an availability schedule (profile availability-schedule)"));
    } catch (ResourceNotFoundException | ResourceGoneException e) {
      throw new InvalidRequestException("Schedule/" + scheduleId + " is not known");
    }
  }

  /** Booked once every required participant has accepted, pending while one has not. */
  private static void settle(Appointment a) {
    boolean all = a.getParticipant().stream()
        .filter(p -> p.getRequired() != Appointment.ParticipantRequired.INFORMATIONONLY)
        .allMatch(p -> p.getStatus() == ParticipationStatus.ACCEPTED);
    a.setStatus(all ? AppointmentStatus.BOOKED : AppointmentStatus.PENDING);
  }

  private static AppointmentParticipantComponent ownParticipant(Appointment a, Booker booker, String what) {
    String self = booker.practitioner().orElse(null);
    if (booker.side() != Booker.Side.CLINIC || booker.secretary() || self == null) {
      throw new ForbiddenOperationException("only the practitioner of an appointment may " + what + " it");
    }
    return a.getParticipant().stream().filter(p -> self.equals(p.getActor().getReference())).findFirst()
        .orElseThrow(() -> new ForbiddenOperationException(self + " is not a participant of Appointment/"
            + a.getIdElement().getIdPart() + "; only its practitioner may " + what + " it"));
  }

  /** The participant that is the caller's side; a patient or doctor who takes no part is refused. */
  private static Optional<AppointmentParticipantComponent> sideOf(Appointment a, Booker booker) {
    if (booker.side() == Booker.Side.PATIENT) {
      String self = booker.patient().orElseThrow();
      return Optional.of(a.getParticipant().stream().filter(p -> self.equals(p.getActor().getReference())).findFirst()
          .orElseThrow(() -> new ForbiddenOperationException("Appointment/" + a.getIdElement().getIdPart()
              + " is not " + self + "'s")));
    }
    if (booker.side() == Booker.Side.CLINIC && !booker.secretary()) {
      return Optional.of(ownParticipant(a, booker, "change"));
    }
    return Optional.empty();
  }

  private static Optional<AppointmentParticipantComponent> patientParticipant(Appointment a) {
    return a.getParticipant().stream().filter(p -> p.getActor().getReferenceElement().getResourceType() != null
        && "Patient".equals(p.getActor().getReferenceElement().getResourceType())).findFirst();
  }

  private void requireNotice(Instant start, Booker booker, String what) {
    Duration notice = booker.side() == Booker.Side.PATIENT ? props.patientCancellationNotice()
        : props.clinicCancellationNotice();
    if (clock.instant().plus(notice).isAfter(start)) {
      throw new UnprocessableEntityException("too late to " + what + " this appointment: it starts at " + start
          + " and " + (booker.side() == Booker.Side.PATIENT ? "patients" : "the clinic") + " give at least "
          + notice.toHours() + " h notice" + (booker.side() == Booker.Side.PATIENT ? "; please call the clinic" : ""));
    }
  }

  private static void requireStatus(Appointment a, Set<AppointmentStatus> allowed, String what) {
    if (!allowed.contains(a.getStatus())) {
      throw new AppointmentStateConflict("Appointment/" + a.getIdElement().getIdPart() + " is "
          + (a.getStatus() == null ? "without status" : a.getStatus().toCode()) + "; it cannot be " + what);
    }
  }

  private static CodeableConcept reason(String who, String text) {
    return new CodeableConcept().setText(who + ": " + text);
  }
}
