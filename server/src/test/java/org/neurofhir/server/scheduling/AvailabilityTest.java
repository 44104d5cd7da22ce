package org.neurofhir.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.hl7.fhir.r4.model.TimeType;
import org.junit.jupiter.api.Test;
import org.neurofhir.profiles.NeuroFhirCanonical;

/**
 * Availability schedules over HTTP: weekly rules expanded in their time zone (daylight-saving changes included),
 * periods off and extra openings, modes; malformed rules refused; only the practitioner and secretaries edit them.
 */
class AvailabilityTest extends SchedulingTestBase {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @Test
  void weeklyRulesGiveSlotsAtLocalTimesInTheScheduleZone() {
    Doctor doctor = newDoctor();
    String id = store(clientWithToken(doctor.token()),
        rule(schedule(doctor.practitioner(), "Europe/Paris"), List.of("mon", "wed"), "09:00:00", "11:00:00", 30, 1));
    LocalDate monday = mondayAhead(3);
    List<Instant> starts = freeStarts(id, monday.toString(), monday.plusDays(6).toString());
    assertThat(starts).hasSize(8);
    assertThat(starts.get(0)).isEqualTo(monday.atTime(9, 0).atZone(PARIS).toInstant());
    assertThat(starts.get(3)).isEqualTo(monday.atTime(10, 30).atZone(PARIS).toInstant());
    assertThat(starts.get(4)).isEqualTo(monday.plusDays(2).atTime(9, 0).atZone(PARIS).toInstant());
  }

  @Test
  void slotsKeepTheirWallClockTimeAcrossDaylightSavingChanges() {
    Doctor doctor = newDoctor();
    String id = store(clientWithToken(doctor.token()),
        rule(schedule(doctor.practitioner(), "Europe/Paris"), EVERY_DAY, "09:00:00", "10:00:00", 60, 1));
    // spring forward on Sunday 28 March 2027: 09:00 is 08:00Z before, 07:00Z from that day
    assertThat(freeStarts(id, "2027-03-27", "2027-03-29")).containsExactly(
        Instant.parse("2027-03-27T08:00:00Z"), Instant.parse("2027-03-28T07:00:00Z"),
        Instant.parse("2027-03-29T07:00:00Z"));
    // fall back on Sunday 31 October 2027
    assertThat(freeStarts(id, "2027-10-30", "2027-10-31")).containsExactly(
        Instant.parse("2027-10-30T07:00:00Z"), Instant.parse("2027-10-31T08:00:00Z"));
  }

  @Test
  void slotsInTheHourThatDoesNotExistAreSkippedAndTheRepeatedHourIsOfferedOnce() {
    Doctor doctor = newDoctor();
    String id = store(clientWithToken(doctor.token()),
        rule(schedule(doctor.practitioner(), "Europe/Paris"), List.of("sun"), "01:30:00", "03:30:00", 30, 1));
    // 28 March 2027: 02:00-03:00 local does not exist
    assertThat(freeStarts(id, "2027-03-28", "2027-03-28")).containsExactly(
        Instant.parse("2027-03-28T00:30:00Z"), Instant.parse("2027-03-28T01:00:00Z"));
    // 31 October 2027: 02:00-03:00 local happens twice; each wall-clock slot once, at the earlier instant
    assertThat(freeStarts(id, "2027-10-30T22:00:00Z", "2027-10-31T12:00:00Z")).containsExactly(
        Instant.parse("2027-10-30T23:30:00Z"), Instant.parse("2027-10-31T00:00:00Z"),
        Instant.parse("2027-10-31T00:30:00Z"), Instant.parse("2027-10-31T02:00:00Z"));
  }

  @Test
  void aPeriodOffRemovesSlotsAndAnExtraOpeningAddsThem() {
    Doctor doctor = newDoctor();
    LocalDate monday = mondayAhead(4);
    Schedule s = rule(schedule(doctor.practitioner(), "Europe/Paris"), WEEKDAYS, "09:00:00", "10:00:00", 30, 1);
    exception(s, "off", monday.plusDays(1).toString(), monday.plusDays(2).toString(), null); // Tue and Wed, whole days
    exception(s, "open", paris(monday.plusDays(5), 14), paris(monday.plusDays(5), 15), 20); // Saturday afternoon
    String id = store(clientWithToken(doctor.token()), s);
    List<Instant> starts = freeStarts(id, monday.toString(), monday.plusDays(6).toString());
    // Mon, Thu, Fri: 2 each; Sat afternoon: 3 slots of 20 min
    assertThat(starts).hasSize(9);
    assertThat(starts).noneMatch(i -> i.atZone(PARIS).toLocalDate().equals(monday.plusDays(1))
        || i.atZone(PARIS).toLocalDate().equals(monday.plusDays(2)));
    assertThat(starts).contains(monday.plusDays(5).atTime(14, 40).atZone(PARIS).toInstant());
  }

  @Test
  void aChangedOrDeletedScheduleShowsInTheNextSearch() {
    Doctor doctor = newDoctor();
    LocalDate monday = mondayAhead(5);
    String week = monday.plusDays(6).toString();
    String id = store(clientWithToken(doctor.token()),
        rule(schedule(doctor.practitioner(), "UTC"), List.of("mon"), "08:00:00", "09:00:00", 30, 1));
    assertThat(freeStarts(id, monday.toString(), week)).hasSize(2);

    // each search reads the schedules' current versions: an edit counts at once, here and on any other node
    Schedule stored = clientWithToken(doctor.token()).read().resource(Schedule.class).withId(id).execute();
    rule(stored, List.of("tue"), "08:00:00", "10:00:00", 30, 1);
    clientWithToken(doctor.token()).update().resource(stored).execute();
    assertThat(freeStarts(id, monday.toString(), week)).hasSize(6)
        .contains(monday.plusDays(1).atTime(9, 30).atZone(ZoneId.of("UTC")).toInstant());

    Schedule inactive = clientWithToken(doctor.token()).read().resource(Schedule.class).withId(id).execute();
    inactive.setActive(false);
    clientWithToken(doctor.token()).update().resource(inactive).execute();
    assertThat(freeStarts(id, monday.toString(), week)).isEmpty();

    Schedule active = clientWithToken(doctor.token()).read().resource(Schedule.class).withId(id).execute();
    active.setActive(true);
    clientWithToken(doctor.token()).update().resource(active).execute();
    assertThat(freeStarts(id, monday.toString(), week)).hasSize(6);
    secretary().delete().resourceById("Schedule", id).execute();
    assertThat(freeStarts(id, monday.toString(), week)).isEmpty();
  }

  private static String paris(LocalDate day, int hour) {
    return day.atTime(hour, 0).atZone(PARIS).format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX"));
  }

  @Test
  void slotsCanBeSearchedByModeAndByPractitioner() {
    Doctor doctor = newDoctor();
    LocalDate monday = mondayAhead(3);
    Schedule s = rule(schedule(doctor.practitioner(), "UTC"), List.of("mon"), "08:00:00", "09:00:00", 30, 1, "remote");
    rule(s, List.of("tue"), "08:00:00", "09:00:00", 60, 1, "in-person");
    String id = store(clientWithToken(doctor.token()), s);
    String week = monday.plusDays(6).toString();
    assertThat(find(client, id, monday.toString(), week, "remote")).hasSize(2)
        .allSatisfy(slot -> assertThat(((org.hl7.fhir.r4.model.Coding) slot
            .getExtensionByUrl(NeuroFhirCanonical.EXT_CONSULTATION_MODE).getValue()).getCode()).isEqualTo("remote"))
        .allSatisfy(slot -> assertThat(slot.getStatus()).isEqualTo(Slot.SlotStatus.FREE));
    assertThat(find(client, id, monday.toString(), week, "in-person")).hasSize(1);
    org.hl7.fhir.r4.model.Parameters byPractitioner = new org.hl7.fhir.r4.model.Parameters();
    byPractitioner.addParameter("practitioner", doctor.practitioner());
    byPractitioner.addParameter("start", monday.toString());
    byPractitioner.addParameter("end", week);
    org.hl7.fhir.r4.model.Bundle b = clientWithToken(tokenFor("nurse")).operation()
        .onType(org.hl7.fhir.r4.model.Appointment.class).named("$find").withParameters(byPractitioner)
        .returnResourceType(org.hl7.fhir.r4.model.Bundle.class).useHttpGet().execute();
    assertThat(b.getEntry()).hasSize(3);
  }

  @Test
  void malformedAvailabilityIsRefusedAndNothingStored() {
    Doctor doctor = newDoctor();
    IGenericClient as = clientWithToken(doctor.token());
    List<Schedule> bad = List.of(
        rule(schedule(doctor.practitioner(), null), WEEKDAYS, "09:00:00", "10:00:00", 30, 1),
        rule(schedule(doctor.practitioner(), "Mars/Olympus"), WEEKDAYS, "09:00:00", "10:00:00", 30, 1),
        rule(schedule(doctor.practitioner(), "Europe/Paris"), WEEKDAYS, "11:00:00", "10:00:00", 30, 1),
        rule(schedule(doctor.practitioner(), "Europe/Paris"), List.of("someday"), "09:00:00", "10:00:00", 30, 1),
        rule(schedule(doctor.practitioner(), "Europe/Paris"), WEEKDAYS, "09:00:00", "09:20:00", 30, 1),
        exception(schedule(doctor.practitioner(), "Europe/Paris"), "maybe", "2027-01-01", "2027-01-02", null),
        exception(schedule(doctor.practitioner(), "Europe/Paris"), "open", "2027-01-01", "2027-01-02", null));
    for (Schedule s : bad) {
      assertThat(refusal(() -> as.create().resource(s).execute())).as(s.getExtension().toString()).isEqualTo(422);
    }
    Schedule noStart = schedule(doctor.practitioner(), "Europe/Paris");
    Extension rule = new Extension(NeuroFhirCanonical.EXT_AVAILABILITY_RULE);
    rule.addExtension("day", new org.hl7.fhir.r4.model.CodeType("mon"));
    rule.addExtension("end", new TimeType("10:00:00"));
    noStart.addExtension(rule);
    assertThat(refusal(() -> as.create().resource(noStart).execute())).isEqualTo(422);
    assertThat(schedulesOf(doctor.practitioner())).isZero();
  }

  @Test
  void onlyThePractitionerAndSecretariesEditAnAvailability() {
    Doctor owner = newDoctor();
    Doctor other = newDoctor();
    Schedule s = rule(schedule(owner.practitioner(), "Europe/Paris"), WEEKDAYS, "09:00:00", "10:00:00", 30, 1);
    // another doctor, a doctor whose account names no Practitioner, a nurse, a patient: refused
    assertThat(refusal(() -> clientWithToken(other.token()).create().resource(s).execute())).isEqualTo(403);
    assertThat(refusal(() -> clientWithToken(tokenFor("doctor")).create().resource(s).execute())).isEqualTo(403);
    assertThat(refusal(() -> clientWithToken(tokenFor("nurse")).create().resource(s).execute())).isEqualTo(403);
    assertThat(refusal(() -> clientWithToken(patientTokenOf(newPatient())).create().resource(s).execute()))
        .isEqualTo(403);
    assertThat(schedulesOf(owner.practitioner())).isZero();

    String id = store(secretary(), s);
    Schedule stored = clientWithToken(owner.token()).read().resource(Schedule.class).withId(id).execute();
    rule(stored, List.of("sat"), "09:00:00", "10:00:00", 30, 1);
    clientWithToken(owner.token()).update().resource(stored).execute();

    Schedule again = client.read().resource(Schedule.class).withId(id).execute();
    rule(again, List.of("sun"), "09:00:00", "10:00:00", 30, 1);
    assertThat(refusal(() -> clientWithToken(other.token()).update().resource(again).execute())).isEqualTo(403);
    // nor may another doctor take it over by naming themselves
    again.getActor().clear();
    again.addActor(new org.hl7.fhir.r4.model.Reference(other.practitioner()));
    assertThat(refusal(() -> clientWithToken(other.token()).update().resource(again).execute())).isEqualTo(403);
    assertThat(refusal(() -> clientWithToken(other.token()).delete().resourceById("Schedule", id).execute()))
        .isEqualTo(403);
    Schedule now = client.read().resource(Schedule.class).withId(id).execute();
    assertThat(now.getActorFirstRep().getReference()).isEqualTo(owner.practitioner());
    assertThat(now.getExtensionsByUrl(NeuroFhirCanonical.EXT_AVAILABILITY_RULE)).hasSize(2);
    secretary().delete().resourceById("Schedule", id).execute();
  }
}
