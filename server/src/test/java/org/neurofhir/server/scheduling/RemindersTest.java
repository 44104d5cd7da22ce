package org.neurofhir.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.junit.jupiter.api.Test;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.server.scheduling.reminder.ReminderDispatcher;
import org.neurofhir.server.support.CapturedLogs;
import org.neurofhir.server.support.Poll;
import org.neurofhir.server.support.TestMailServer;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Appointment reminders over HTTP into a real SMTP server (GreenMail): lead times 24 h and 2 h (the defaults), so
 * each test books a slot that starts a lead time plus a few seconds from now, and its reminder falls due during the
 * test. E-mails are told apart by the patients' unique addresses; Communications are read back over FHIR.
 */
class RemindersTest extends SchedulingTestBase {

  private static final Duration MAIL_WITHIN = Duration.ofSeconds(90);
  /** Setting up takes a few seconds, more on a busy box; the first due time is this far ahead of the test's start. */
  private static final Duration MARGIN = Duration.ofSeconds(45);
  private static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/communication-category";

  @Autowired ReminderDispatcher dispatcher;

  @Test
  void aConfirmedAppointmentIsRemindedInThePatientsLanguageAtTheSchedulesTimeAndRecorded() throws Exception {
    Doctor doctor = newDoctor();
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(24)).plus(MARGIN);
    ZoneId montreal = ZoneId.of("America/Montreal");
    String scheduleId = store(clientWithToken(doctor.token()), openAt(schedule(doctor.practitioner(), montreal.getId()), start, 1));
    String email = unique("patient") + "@example.org";
    String patient = patient(List.of(email(email, 1), new ContactPoint().setSystem(ContactPoint.ContactPointSystem.PHONE)
        .setUse(ContactPoint.ContactPointUse.MOBILE).setValue("+33600000001").setRank(2)), "en", "fr-CA");

    Appointment pending = book(secretary(), booking(scheduleId, start, patient, "in-person"));
    assertThat(pending.getStatus()).isEqualTo(Appointment.AppointmentStatus.PENDING);
    Appointment booked = step(clientWithToken(doctor.token()), pending.getIdElement().getIdPart(), "$confirm", null);
    assertThat(booked.getStatus()).isEqualTo(Appointment.AppointmentStatus.BOOKED);

    Instant due = start.minus(Duration.ofHours(24));
    Poll.until(MAIL_WITHIN, "the 24 h reminder e-mail to " + email, () -> !TestMailServer.to(email).isEmpty());
    MimeMessage mail = TestMailServer.to(email).get(0);
    String body = ((String) mail.getContent()).replace("\r\n", "\n");
    String localDate = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.FRENCH).format(start.atZone(montreal));
    String localTime = DateTimeFormatter.ofPattern("HH:mm").format(start.atZone(montreal));
    assertThat(mail.getSubject()).isEqualTo("Rappel : votre rendez-vous du " + localDate + " à " + localTime);
    assertThat(body).contains("votre rendez-vous du " + localDate + " à " + localTime + " (heure America/Montreal) avec ")
        .contains(", en présentiel.").doesNotContain("headaches");
    assertThat(mail.getHeader("Content-Language")).containsExactly("fr");
    assertThat(mail.getMessageID()).matches("<reminder-[0-9a-f-]{36}@neurofhir>");
    assertThat(mail.getFrom()[0].toString()).contains("reminders@clinic.test");
    assertThat(mail.getSentDate().toInstant()).as("not sent before it was due").isAfterOrEqualTo(due.minusSeconds(1));

    Communication record = onlyReminderOf(client, patient, Communication.CommunicationStatus.COMPLETED);
    assertThat(record.getAboutFirstRep().getReference()).isEqualTo("Appointment/" + booked.getIdElement().getIdPart());
    assertThat(record.getRecipientFirstRep().getReference()).isEqualTo(patient);
    assertThat(record.getMediumFirstRep().getCodingFirstRep().getCode()).isEqualTo("EMAILWRIT");
    assertThat(record.getPayloadFirstRep().getContentStringType().getValue()).contains(mail.getSubject())
        .contains("en présentiel");
    assertThat(record.getSent()).isNotNull();
    assertThat(record.getLanguage()).isEqualTo("fr");

    // the patient reads their own reminders; the secretary's role has no Communication (README "Security")
    IGenericClient asPatient = clientWithToken(patientTokenOf(patient));
    assertThat(reminders(asPatient, patient)).hasSize(1);
    assertThat(refusal(() -> reminders(secretary(), patient))).isEqualTo(403);

    Thread.sleep(2_000); // a few more polls: still one e-mail, the 2 h reminder is a day away
    assertThat(TestMailServer.to(email)).hasSize(1);
  }

  @Test
  void pendingAndCancelledAppointmentsGetNoneAndAMoveMovesTheReminder() {
    Doctor doctor = newDoctor();
    Instant near = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(2)).plus(MARGIN);
    Instant far = near.plus(Duration.ofDays(3));
    String scheduleId = store(clientWithToken(doctor.token()),
        openAt(openAt(schedule(doctor.practitioner(), "Europe/Paris"), near, 4), far, 4));
    IGenericClient asDoctor = clientWithToken(doctor.token());
    String[] emails = {unique("moved-away") + "@example.org", unique("moved-near") + "@example.org",
        unique("cancelled") + "@example.org", unique("pending") + "@example.org"};
    List<String> patients = new ArrayList<>();
    for (String e : emails) {
      patients.add(patient(List.of(email(e, 1)), "en"));
    }

    String away = book(asDoctor, booking(scheduleId, near, patients.get(0), "remote")).getIdElement().getIdPart();
    step(asDoctor, away, "$reschedule", startAt(far)); // moved by its practitioner: stays booked
    String closer = book(asDoctor, booking(scheduleId, far, patients.get(1), "remote")).getIdElement().getIdPart();
    step(asDoctor, closer, "$reschedule", startAt(near));
    String cancelled = book(asDoctor, booking(scheduleId, near, patients.get(2), "remote")).getIdElement().getIdPart();
    step(secretary(), cancelled, "$cancel", reason("the patient called"));
    Appointment pending = book(secretary(), booking(scheduleId, near, patients.get(3), "remote"));
    assertThat(pending.getStatus()).isEqualTo(Appointment.AppointmentStatus.PENDING);
    Instant due = near.minus(Duration.ofHours(2));
    assertThat(Instant.now()).as("set up before the reminders fell due (else MARGIN is too short)").isBefore(due);

    Poll.until(MAIL_WITHIN, "the reminder of the appointment moved near", () -> !TestMailServer.to(emails[1]).isEmpty());
    String body = mailBody(TestMailServer.to(emails[1]).get(0));
    assertThat(body).contains(DateTimeFormatter.ofPattern("HH:mm").format(near.atZone(ZoneId.of("Europe/Paris"))))
        .contains(", remote (video consultation).");
    Poll.until(Duration.ofSeconds(30), "a few polls after the due time", () -> Instant.now().isAfter(due.plusSeconds(3)));
    assertThat(TestMailServer.to(emails[0])).as("moved away").isEmpty();
    assertThat(TestMailServer.to(emails[2])).as("cancelled").isEmpty();
    assertThat(TestMailServer.to(emails[3])).as("pending, not confirmed").isEmpty();
    assertThat(TestMailServer.to(emails[1])).hasSize(1);
    assertThat(reminders(client, patients.get(0))).isEmpty();
    assertThat(reminders(client, patients.get(2))).isEmpty();
    assertThat(reminders(client, patients.get(3))).isEmpty();
  }

  @Test
  void noUsableContactIsRecordedNotDoneOnceAndAMobileOnlyPatientGetsTheSms() throws Exception {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(2)).plus(MARGIN);
    String nobody = patient(List.of(), "en");
    String badAddress = patient(List.of(email("not an address", 1)), "en");
    String phoneOnly = patient(List.of(new ContactPoint().setSystem(ContactPoint.ContactPointSystem.SMS)
        .setValue("+33612345678")), "fr");
    String practitioner = practitionerNamed("Durand", "Claire");
    String location = client.create().resource(new Location().setName(unique("Salle "))).execute().getId()
        .toUnqualifiedVersionless().getValue();
    long mark = CapturedLogs.mark();
    for (String p : List.of(nobody, badAddress, phoneOnly)) {
      plainBooked(p, practitioner, location, start);
    }

    Communication none = awaitReminder(nobody);
    assertThat(none.getStatus()).isEqualTo(Communication.CommunicationStatus.NOTDONE);
    assertThat(none.getStatusReason().getText()).contains("no e-mail address or mobile number");
    Communication invalid = awaitReminder(badAddress);
    assertThat(invalid.getStatus()).isEqualTo(Communication.CommunicationStatus.NOTDONE);
    assertThat(invalid.getStatusReason().getText()).contains("not a valid address");
    Communication sms = awaitReminder(phoneOnly);
    assertThat(sms.getStatus()).isEqualTo(Communication.CommunicationStatus.COMPLETED);
    assertThat(sms.getMediumFirstRep().getText()).isEqualTo("SMS");
    String paris = DateTimeFormatter.ofPattern("HH:mm").format(start.atZone(ZoneId.of("Europe/Paris")));
    assertThat(sms.getPayloadFirstRep().getContentStringType().getValue())
        .startsWith("Rappel : rendez-vous le ").contains(" à " + paris + " avec Claire Durand");
    assertThat(CapturedLogs.since(mark)).anyMatch(l -> l.message().contains("SMS not sent (no SMS gateway")
        && l.message().contains("**********78"));
    assertThat(CapturedLogs.since(mark)).noneMatch(l -> l.message().contains("+33612345678"));

    Thread.sleep(2_000); // more polls: given up once, not retried
    assertThat(reminders(client, nobody)).hasSize(1);
    assertThat(reminders(client, badAddress)).hasSize(1);
  }

  /**
   * Several pollers (the server's own and four more threads, each claim on its own connection as another node's would
   * be) take the same due rows at the same moment: each reminder goes once.
   */
  @Test
  void pollersRacingForTheSameDueRemindersSendEachOnce() throws Exception {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(2)).plus(MARGIN);
    String practitioner = practitionerNamed("Martin", "Paul");
    List<String> emails = new ArrayList<>();
    List<String> patients = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      emails.add(unique("race") + "@example.org");
      patients.add(patient(List.of(email(emails.get(i), 1)), "en"));
      plainBooked(patients.get(i), practitioner, null, start);
    }
    Instant due = start.minus(Duration.ofHours(2));
    ExecutorService nodes = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> taken = new ArrayList<>();
      for (int n = 0; n < 4; n++) {
        taken.add(nodes.submit(() -> {
          Thread.sleep(Math.max(0, Duration.between(Instant.now(), due).toMillis() - 500));
          int count = 0;
          while (Instant.now().isBefore(due.plusSeconds(5))) {
            count += dispatcher.poll();
          }
          return count;
        }));
      }
      int claimed = 0;
      for (Future<Integer> f : taken) {
        claimed += f.get();
      }
      assertThat(claimed).as("claims by the racing pollers (the server's own took the rest)").isLessThanOrEqualTo(8);
    } finally {
      nodes.shutdownNow();
    }
    Poll.until(MAIL_WITHIN, "all 8 reminders", () -> emails.stream().allMatch(e -> !TestMailServer.to(e).isEmpty()));
    Thread.sleep(1_000);
    for (int i = 0; i < emails.size(); i++) {
      assertThat(TestMailServer.to(emails.get(i))).as(emails.get(i)).hasSize(1);
      assertThat(reminders(client, patients.get(i))).hasSize(1);
    }
  }

  // --- helpers ------------------------------------------------------------------------------------------------

  /** An open period of one 30-minute slot at {@code start} with this many places. */
  private static Schedule openAt(Schedule s, Instant start, int capacity) {
    exception(s, "open", start.toString(), start.plus(Duration.ofMinutes(30)).toString(), 30);
    Extension open = s.getExtension().get(s.getExtension().size() - 1);
    open.addExtension("capacity", new PositiveIntType(capacity));
    return s;
  }

  private static ContactPoint email(String address, int rank) {
    return new ContactPoint().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(address).setRank(rank);
  }

  /** A Patient with these telecoms; the last language is the preferred one. */
  private String patient(List<ContactPoint> telecom, String... languages) {
    Patient p = new Patient();
    p.addName().setFamily(unique("Reminded")).addGiven("Test");
    telecom.forEach(p::addTelecom);
    for (int i = 0; i < languages.length; i++) {
      p.addCommunication().setPreferred(i == languages.length - 1)
          .setLanguage(new CodeableConcept().addCoding(new Coding("urn:ietf:bcp:47", languages[i], null)));
    }
    return "Patient/" + client.create().resource(p).execute().getId().getIdPart();
  }

  private String practitionerNamed(String family, String given) {
    Practitioner p = new Practitioner();
    p.addName().setFamily(family).addGiven(given);
    return client.create().resource(p).execute().getId().toUnqualifiedVersionless().getValue();
  }

  /** A booked Appointment written with a plain POST: no agenda, so the reminder's zone is the configured one. */
  private void plainBooked(String patient, String practitioner, String location, Instant start) {
    Appointment a = bookedWithoutAgenda(patient, practitioner, start);
    if (location != null) {
      a.addParticipant().setActor(new Reference(location)).setStatus(Appointment.ParticipationStatus.ACCEPTED);
    }
    a.addExtension(new Extension(NeuroFhirCanonical.EXT_CONSULTATION_MODE,
        new Coding(NeuroFhirCanonical.CS_CONSULTATION_MODE, "in-person", null)));
    client.create().resource(a).execute();
  }

  /** A booked 30-minute Appointment of a patient and a practitioner (who has no availability schedule). */
  static Appointment bookedWithoutAgenda(String patient, String practitioner, Instant start) {
    Appointment a = new Appointment();
    a.setStatus(Appointment.AppointmentStatus.BOOKED);
    a.setStart(Date.from(start));
    a.setEnd(Date.from(start.plus(Duration.ofMinutes(30))));
    a.addParticipant().setActor(new Reference(patient)).setStatus(Appointment.ParticipationStatus.ACCEPTED);
    a.addParticipant().setActor(new Reference(practitioner)).setStatus(Appointment.ParticipationStatus.ACCEPTED);
    return a;
  }

  private List<Communication> reminders(IGenericClient as, String patient) {
    Bundle b = as.search().forResource(Communication.class).where(Communication.SUBJECT.hasId(patient))
        .and(Communication.CATEGORY.exactly().systemAndCode(CATEGORY, "reminder")).returnBundle(Bundle.class).execute();
    return b.getEntry().stream().map(e -> (Communication) e.getResource()).toList();
  }

  private Communication awaitReminder(String patient) {
    Poll.until(MAIL_WITHIN, "the reminder Communication of " + patient, () -> !reminders(client, patient).isEmpty());
    List<Communication> found = reminders(client, patient);
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private Communication onlyReminderOf(IGenericClient as, String patient, Communication.CommunicationStatus status) {
    List<Communication> found = reminders(as, patient);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).getStatus()).isEqualTo(status);
    return found.get(0);
  }

  private static String mailBody(MimeMessage m) {
    try {
      return ((String) m.getContent()).replace("\r\n", "\n");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
