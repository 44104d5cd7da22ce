package org.neurofhir.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.StringType;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.server.support.ServerTestBase;
import org.neurofhir.server.support.TestTokens;

/** Doctors linked to Practitioners, availability schedules, patients and the scheduling operations over HTTP. */
abstract class SchedulingTestBase extends ServerTestBase {

  /** A doctor user whose account names {@code Practitioner/<id>}. */
  record Doctor(String practitioner, String token) {}

  Doctor newDoctor() {
    Practitioner p = new Practitioner();
    p.addName().setFamily(unique("Agenda")).addGiven("Dr");
    String id = client.create().resource(p).execute().getId().getIdPart();
    String username = "sched-doctor-" + UUID.randomUUID().toString().substring(0, 8);
    tokens().createUser(username, TestTokens.USER_PASSWORD, List.of("doctor"), "Practitioner/" + id);
    String token = tokens().authorizationCode(username, TestTokens.USER_PASSWORD, TestTokens.STAFF_SCOPES).accessToken();
    return new Doctor("Practitioner/" + id, token);
  }

  String newPatient() {
    Patient p = new Patient();
    p.addName().setFamily(unique("Booker")).addGiven("Test");
    return "Patient/" + client.create().resource(p).execute().getId().getIdPart();
  }

  String patientTokenOf(String patientRef) {
    return patientToken(patientRef.substring("Patient/".length()));
  }

  IGenericClient secretary() {
    return clientWithToken(tokenFor("secretary"));
  }

  // --- availability schedules -------------------------------------------------------------------------------

  static Schedule schedule(String actor, String zone) {
    return AvailabilitySchedules.schedule(actor, zone);
  }

  /** Adds a weekly rule; modes empty = all. */
  static Schedule rule(Schedule s, List<String> days, String start, String end, int slotMinutes, int capacity,
      String... modes) {
    return AvailabilitySchedules.rule(s, days, start, end, slotMinutes, capacity, modes);
  }

  static Schedule exception(Schedule s, String kind, String start, String end, Integer slotMinutes) {
    Extension x = new Extension(NeuroFhirCanonical.EXT_AVAILABILITY_EXCEPTION);
    x.addExtension("kind", new CodeType(kind));
    x.addExtension("period", new Period().setStartElement(new DateTimeType(start)).setEndElement(new DateTimeType(end)));
    if (slotMinutes != null) {
      x.addExtension("slotMinutes", new PositiveIntType(slotMinutes));
    }
    x.addExtension("reason", new StringType("test " + kind));
    s.addExtension(x);
    return s;
  }

  static final List<String> WEEKDAYS = AvailabilitySchedules.WEEKDAYS;
  static final List<String> EVERY_DAY = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  String store(IGenericClient as, Schedule s) {
    return as.create().resource(s).execute().getId().getIdPart();
  }

  /** A Monday at least two weeks ahead (UTC date). */
  static LocalDate mondayAhead(int weeks) {
    return LocalDate.now(ZoneOffset.UTC).plusWeeks(weeks).with(DayOfWeek.MONDAY);
  }

  // --- operations -------------------------------------------------------------------------------------------

  /** Free slots of one schedule in [start, end). */
  List<Slot> find(IGenericClient as, String scheduleId, String start, String end, String mode) {
    Parameters p = new Parameters();
    p.addParameter("schedule", "Schedule/" + scheduleId);
    p.addParameter("start", start);
    p.addParameter("end", end);
    if (mode != null) {
      p.addParameter("mode", mode);
    }
    Bundle b = as.operation().onType(Appointment.class).named("$find").withParameters(p).returnResourceType(Bundle.class)
        .useHttpGet().execute();
    List<Slot> slots = new ArrayList<>();
    b.getEntry().forEach(e -> slots.add((Slot) e.getResource()));
    return slots;
  }

  List<Instant> freeStarts(String scheduleId, String start, String end) {
    return find(client, scheduleId, start, end, null).stream().map(s -> s.getStart().toInstant()).toList();
  }

  static Parameters booking(String scheduleId, Instant start, String patient, String mode) {
    Parameters p = new Parameters();
    p.addParameter().setName("schedule").setValue(new Reference("Schedule/" + scheduleId));
    p.addParameter().setName("start").setValue(new InstantType(Date.from(start)));
    if (patient != null) {
      p.addParameter().setName("patient").setValue(new Reference(patient));
    }
    if (mode != null) {
      p.addParameter().setName("mode").setValue(new CodeType(mode));
    }
    p.addParameter().setName("note").setValue(new StringType("headaches since the last scan"));
    return p;
  }

  Appointment book(IGenericClient as, Parameters booking) {
    return as.operation().onType(Appointment.class).named("$book").withParameters(booking)
        .returnResourceType(Appointment.class).execute();
  }

  Appointment step(IGenericClient as, String appointmentId, String operation, Parameters input) {
    return as.operation().onInstance(new IdType("Appointment", appointmentId)).named(operation)
        .withParameters(input == null ? new Parameters() : input).returnResourceType(Appointment.class).execute();
  }

  static Parameters reason(String text) {
    Parameters p = new Parameters();
    p.addParameter("reason", text);
    return p;
  }

  static Parameters startAt(Instant start) {
    Parameters p = new Parameters();
    p.addParameter().setName("start").setValue(new InstantType(Date.from(start)));
    return p;
  }

  /** The HTTP status of a refusal; fails unless the call was refused with an OperationOutcome. */
  static int refusal(Supplier<?> call) {
    try {
      call.get();
    } catch (BaseServerResponseException e) {
      assertThat(e.getOperationOutcome()).as("refusal %s carries an OperationOutcome", e.getStatusCode())
          .isInstanceOf(OperationOutcome.class);
      return e.getStatusCode();
    }
    throw new AssertionError("the call was not refused");
  }

  static Appointment.ParticipationStatus statusOf(Appointment a, String actor) {
    return a.getParticipant().stream().filter(p -> actor.equals(p.getActor().getReference())).findFirst()
        .orElseThrow().getStatus();
  }

  int schedulesOf(String actor) {
    return client.search().forResource(Schedule.class).where(Schedule.ACTOR.hasId(actor))
        .returnBundle(Bundle.class).execute().getEntry().size();
  }
}
