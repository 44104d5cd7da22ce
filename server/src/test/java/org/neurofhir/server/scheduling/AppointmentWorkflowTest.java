package org.neurofhir.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentStatus;
import org.hl7.fhir.r4.model.Appointment.ParticipationStatus;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurofhir.profiles.ConsultationMode;

/**
 * The appointment workflow over HTTP: book → pending → confirmed / declined → cancelled / moved → fulfilled / no-show,
 * with the participants' statuses, and every refusal (4xx OperationOutcome, nothing stored).
 */
class AppointmentWorkflowTest extends SchedulingTestBase {

  private Doctor doctor;
  private String scheduleId;
  private LocalDate monday;
  private Instant nine;

  /** A fresh doctor per test, Mon-Fri 09:00-12:00 UTC, 30-minute slots, in person or remote. */
  @BeforeEach
  void agenda() {
    doctor = newDoctor();
    scheduleId = store(clientWithToken(doctor.token()),
        rule(schedule(doctor.practitioner(), "UTC"), WEEKDAYS, "09:00:00", "12:00:00", 30, 1));
    monday = mondayAhead(2);
    nine = monday.atTime(9, 0).toInstant(ZoneOffset.UTC);
  }

  private List<Instant> free() {
    return freeStarts(scheduleId, monday.toString(), monday.toString());
  }

  @Test
  void aPatientBooksTheDoctorConfirmsAndTheSlotIsTaken() {
    String patient = newPatient();
    IGenericClient asPatient = clientWithToken(patientTokenOf(patient));
    Appointment a = book(asPatient, booking(scheduleId, nine, null, "remote"));
    assertThat(a.getStatus()).isEqualTo(AppointmentStatus.PENDING);
    assertThat(statusOf(a, patient)).isEqualTo(ParticipationStatus.ACCEPTED);
    assertThat(statusOf(a, doctor.practitioner())).isEqualTo(ParticipationStatus.NEEDSACTION);
    assertThat(a.getEnd().toInstant()).isEqualTo(nine.plus(Duration.ofMinutes(30)));
    assertThat(a.getComment()).contains("headaches");
    assertThat(free()).hasSize(5).doesNotContain(nine);

    Appointment confirmed = step(clientWithToken(doctor.token()), a.getIdElement().getIdPart(), "$confirm", null);
    assertThat(confirmed.getStatus()).isEqualTo(AppointmentStatus.BOOKED);
    assertThat(statusOf(confirmed, doctor.practitioner())).isEqualTo(ParticipationStatus.ACCEPTED);
    // the patient sees it in their own compartment
    Bundle mine = asPatient.search().forResource(Appointment.class)
        .where(Appointment.PATIENT.hasId(patient)).returnBundle(Bundle.class).execute();
    assertThat(mine.getEntry()).hasSize(1);
  }

  @Test
  void onlyTheAppointmentsPractitionerConfirmsOrDeclines() {
    Appointment a = book(secretary(), booking(scheduleId, nine, newPatient(), "in-person"));
    String id = a.getIdElement().getIdPart();
    assertThat(refusal(() -> step(clientWithToken(newDoctor().token()), id, "$confirm", null))).isEqualTo(403);
    assertThat(refusal(() -> step(secretary(), id, "$confirm", null))).isEqualTo(403);
    assertThat(refusal(() -> step(clientWithToken(tokenFor("nurse")), id, "$confirm", null))).isEqualTo(403);
    assertThat(client.read().resource(Appointment.class).withId(id).execute().getStatus())
        .isEqualTo(AppointmentStatus.PENDING);

    assertThat(refusal(() -> step(clientWithToken(doctor.token()), id, "$decline", null))).isEqualTo(400);
    Appointment declined = step(clientWithToken(doctor.token()), id, "$decline", reason("congress that week"));
    assertThat(declined.getStatus()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(statusOf(declined, doctor.practitioner())).isEqualTo(ParticipationStatus.DECLINED);
    assertThat(declined.getCancelationReason().getText()).contains("congress that week");
    assertThat(free()).contains(nine);
    assertThat(refusal(() -> step(clientWithToken(doctor.token()), id, "$confirm", null))).isEqualTo(409);
  }

  @Test
  void eitherSideCancelsWithAReasonAndTheSlotIsFreeAgain() {
    String patient = newPatient();
    IGenericClient asPatient = clientWithToken(patientTokenOf(patient));
    Appointment a = book(asPatient, booking(scheduleId, nine, patient, "remote"));
    String id = a.getIdElement().getIdPart();
    assertThat(refusal(() -> step(asPatient, id, "$cancel", null))).isEqualTo(400);
    Appointment cancelled = step(asPatient, id, "$cancel", reason("feeling better"));
    assertThat(cancelled.getStatus()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(statusOf(cancelled, patient)).isEqualTo(ParticipationStatus.DECLINED);
    assertThat(cancelled.getCancelationReason().getText()).contains("the patient").contains("feeling better");
    assertThat(free()).contains(nine);
    assertThat(refusal(() -> step(asPatient, id, "$cancel", reason("again")))).isEqualTo(409);

    Appointment b = book(asPatient, booking(scheduleId, nine, patient, "remote"));
    Appointment byDoctor = step(clientWithToken(doctor.token()), b.getIdElement().getIdPart(), "$cancel",
        reason("ill"));
    assertThat(statusOf(byDoctor, doctor.practitioner())).isEqualTo(ParticipationStatus.DECLINED);
    assertThat(byDoctor.getCancelationReason().getText()).contains("the clinic");
  }

  @Test
  void aPatientCannotCancelLaterThanTheNoticeButTheClinicCan() {
    Doctor always = newDoctor();
    String allDay = store(clientWithToken(always.token()),
        rule(schedule(always.practitioner(), "UTC"), EVERY_DAY, "00:00:00", "23:45:00", 15, 1));
    Instant now = Instant.now();
    Instant soon = find(client, allDay, now.plus(Duration.ofMinutes(30)).toString().replaceAll("\\.\\d+Z", "Z"),
        now.plus(Duration.ofHours(20)).toString().replaceAll("\\.\\d+Z", "Z"), null).get(0).getStart().toInstant();
    String patient = newPatient();
    IGenericClient asPatient = clientWithToken(patientTokenOf(patient));
    Appointment a = book(asPatient, booking(allDay, soon, patient, "remote"));
    String id = a.getIdElement().getIdPart();
    assertThat(refusal(() -> step(asPatient, id, "$cancel", reason("too late")))).isEqualTo(422);
    assertThat(refusal(() -> step(asPatient, id, "$reschedule", startAt(soon.plus(Duration.ofHours(30))))))
        .isEqualTo(422);
    assertThat(client.read().resource(Appointment.class).withId(id).execute().getStatus())
        .isEqualTo(AppointmentStatus.PENDING);
    assertThat(step(secretary(), id, "$cancel", reason("rebooked by phone")).getStatus())
        .isEqualTo(AppointmentStatus.CANCELLED);
  }

  @Test
  void refusedBookingsStoreNothing() {
    String patient = newPatient();
    String other = newPatient();
    IGenericClient asPatient = clientWithToken(patientTokenOf(patient));
    // for another patient
    assertThat(refusal(() -> book(asPatient, booking(scheduleId, nine, other, "remote")))).isEqualTo(403);
    // in the past
    Instant lastMonday = LocalDate.now(ZoneOffset.UTC).minusWeeks(1).with(java.time.DayOfWeek.MONDAY)
        .atTime(9, 0).toInstant(ZoneOffset.UTC);
    assertThat(refusal(() -> book(secretary(), booking(scheduleId, lastMonday, patient, "remote")))).isEqualTo(422);
    // outside the availability: 12:00 (hours end), 09:10 (not a slot start), Saturday
    for (Instant outside : List.of(nine.plus(Duration.ofHours(3)), nine.plus(Duration.ofMinutes(10)),
        nine.plus(Duration.ofDays(5)))) {
      assertThat(refusal(() -> book(secretary(), booking(scheduleId, outside, patient, "remote")))).isEqualTo(422);
    }
    // unknown schedule, malformed start, unknown mode, unknown parameter
    assertThat(refusal(() -> book(secretary(), booking("no-such-schedule", nine, patient, "remote")))).isEqualTo(400);
    assertThat(refusal(() -> book(secretary(), booking(scheduleId, nine, patient, "telepathic")))).isEqualTo(400);
    org.hl7.fhir.r4.model.Parameters extra = booking(scheduleId, nine, patient, "remote");
    extra.addParameter("priority", "urgent");
    assertThat(refusal(() -> book(secretary(), extra))).isEqualTo(400);
    // roles and clients that may not book
    assertThat(refusal(() -> book(clientWithToken(tokenFor("nurse")), booking(scheduleId, nine, patient, "remote"))))
        .isEqualTo(403);
    String pacs = tokens().clientCredentials("test-pacs", "test-pacs-secret", null).accessToken();
    assertThat(refusal(() -> book(clientWithToken(pacs), booking(scheduleId, nine, patient, "remote"))))
        .isEqualTo(403);
    assertThat(appointmentsOf(patient) + appointmentsOf(other)).isZero();
    assertThat(free()).hasSize(6);
  }

  @Test
  void anEhrClientWithAppointmentScopesBooksAndCancels() {
    String clientId = "sched-ehr-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    String secret = tokens().createClient(clientId, List.of("system/Appointment.cru", "system/Schedule.rs"));
    IGenericClient ehr = clientWithToken(tokens().clientCredentials(clientId, secret, null).accessToken());
    Appointment a = book(ehr, booking(scheduleId, nine, newPatient(), "in-person"));
    assertThat(a.getStatus()).isEqualTo(AppointmentStatus.PENDING);
    Appointment c = step(ehr, a.getIdElement().getIdPart(), "$cancel", reason("patient called the hospital"));
    assertThat(c.getCancelationReason().getText()).contains(clientId);
  }

  @Test
  void reschedulingMovesTheAppointmentOrLeavesItWhereItWas() {
    String patient = newPatient();
    IGenericClient asPatient = clientWithToken(patientTokenOf(patient));
    Appointment a = book(asPatient, booking(scheduleId, nine, patient, "remote"));
    String id = a.getIdElement().getIdPart();
    step(clientWithToken(doctor.token()), id, "$confirm", null);
    Instant ten = nine.plus(Duration.ofHours(1));
    Appointment moved = step(asPatient, id, "$reschedule", startAt(ten));
    assertThat(moved.getStart().toInstant()).isEqualTo(ten);
    assertThat(moved.getEnd().toInstant()).isEqualTo(ten.plus(Duration.ofMinutes(30)));
    // the practitioner confirms the new time
    assertThat(moved.getStatus()).isEqualTo(AppointmentStatus.PENDING);
    assertThat(statusOf(moved, doctor.practitioner())).isEqualTo(ParticipationStatus.NEEDSACTION);
    assertThat(free()).contains(nine).doesNotContain(ten);

    Appointment blocker = book(secretary(), booking(scheduleId, nine, newPatient(), "remote"));
    assertThat(refusal(() -> step(asPatient, id, "$reschedule", startAt(nine)))).isEqualTo(409);
    assertThat(refusal(() -> step(asPatient, id, "$reschedule", startAt(nine.plusSeconds(60))))).isEqualTo(422);
    Appointment stayed = client.read().resource(Appointment.class).withId(id).execute();
    assertThat(stayed.getStart().toInstant()).isEqualTo(ten);
    assertThat(free()).doesNotContain(nine, ten).hasSize(4);
    assertThat(blocker.getStart().toInstant()).isEqualTo(nine);
  }

  @Test
  void plainWritesCannotDoubleBookAndPatientsUseTheOperations() {
    String patient = newPatient();
    Appointment first = book(secretary(), booking(scheduleId, nine, patient, "remote"));
    Appointment copy = plain(newPatient(), nine, ConsultationMode.REMOTE);
    assertThat(refusal(() -> secretary().create().resource(copy).execute())).isEqualTo(409);
    Appointment outside = plain(newPatient(), nine.plus(Duration.ofMinutes(5)), ConsultationMode.REMOTE);
    assertThat(refusal(() -> secretary().create().resource(outside).execute())).isEqualTo(422);
    // a staff PUT that moves it onto a free slot is fine and frees the old one
    Appointment stored = client.read().resource(Appointment.class).withId(first.getIdElement().getIdPart()).execute();
    stored.setStart(Date.from(nine.plus(Duration.ofMinutes(30))));
    stored.setEnd(Date.from(nine.plus(Duration.ofMinutes(60))));
    secretary().update().resource(stored).execute();
    assertThat(free()).contains(nine).doesNotContain(nine.plus(Duration.ofMinutes(30)));
    // a patient's own plain PUT (say, to confirm it) is refused
    Appointment own = client.read().resource(Appointment.class).withId(first.getIdElement().getIdPart()).execute();
    own.setStatus(AppointmentStatus.BOOKED);
    assertThat(refusal(() -> clientWithToken(patientTokenOf(patient)).update().resource(own).execute()))
        .isEqualTo(403);
    assertThat(client.read().resource(Appointment.class).withId(own.getIdElement().getIdPart()).execute().getStatus())
        .isEqualTo(AppointmentStatus.PENDING);
  }

  @Test
  void theClinicRecordsFulfilledAndNoShowOnceAnAppointmentHasStarted() {
    Appointment future = book(secretary(), booking(scheduleId, nine, newPatient(), "remote"));
    step(clientWithToken(doctor.token()), future.getIdElement().getIdPart(), "$confirm", null);
    assertThat(refusal(() -> step(secretary(), future.getIdElement().getIdPart(), "$fulfil", null))).isEqualTo(422);

    // past appointments exist only without an agenda (they were entered before one was kept)
    Doctor noAgenda = newDoctor();
    Appointment past = plain(newPatient(), noAgenda.practitioner(), Instant.now().minus(Duration.ofHours(2)),
        ConsultationMode.IN_PERSON);
    String pastId = secretary().create().resource(past).execute().getId().getIdPart();
    String patientRef = past.getParticipantFirstRep().getActor().getReference();
    assertThat(refusal(() -> step(clientWithToken(patientTokenOf(patientRef)), pastId, "$noshow", null)))
        .isEqualTo(403);
    assertThat(refusal(() -> step(clientWithToken(doctor.token()), pastId, "$noshow", null))).isEqualTo(403);
    Appointment noShow = step(clientWithToken(noAgenda.token()), pastId, "$noshow", null);
    assertThat(noShow.getStatus()).isEqualTo(AppointmentStatus.NOSHOW);
    assertThat(statusOf(noShow, patientRef)).isEqualTo(ParticipationStatus.DECLINED);
    assertThat(refusal(() -> step(secretary(), pastId, "$fulfil", null))).isEqualTo(409);
  }

  private Appointment plain(String patient, Instant start, ConsultationMode mode) {
    return plain(patient, doctor.practitioner(), start, mode);
  }

  private static Appointment plain(String patient, String practitioner, Instant start, ConsultationMode mode) {
    Appointment a = new Appointment();
    a.addExtension(mode.toExtension());
    a.setStatus(AppointmentStatus.BOOKED);
    a.setStart(Date.from(start));
    a.setEnd(Date.from(start.plus(Duration.ofMinutes(30))));
    a.addParticipant().setActor(new Reference(patient)).setStatus(ParticipationStatus.ACCEPTED);
    a.addParticipant().setActor(new Reference(practitioner)).setStatus(ParticipationStatus.ACCEPTED);
    return a;
  }

  private int appointmentsOf(String patient) {
    return client.search().forResource(Appointment.class).where(Appointment.PATIENT.hasId(patient))
        .returnBundle(Bundle.class).execute().getEntry().size();
  }
}
