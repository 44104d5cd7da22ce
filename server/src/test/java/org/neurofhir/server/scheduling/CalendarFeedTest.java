package org.neurofhir.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DtStart;
import org.hl7.fhir.r4.model.Appointment;
import org.junit.jupiter.api.Test;

/**
 * ICS feeds per practitioner and per patient, parsed back with ical4j: opened by the token in the URL alone (no
 * bearer), cancelled appointments as CANCELLED events, revocable, and nobody else's.
 */
class CalendarFeedTest extends SchedulingTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void practitionerAndPatientFeedsListTheirAppointmentsWithCancellationsAndCanBeRevoked() throws Exception {
    Doctor doctor = newDoctor();
    String scheduleId = store(clientWithToken(doctor.token()),
        rule(schedule(doctor.practitioner(), "UTC"), WEEKDAYS, "09:00:00", "12:00:00", 30, 1));
    Instant nine = mondayAhead(2).atTime(9, 0).toInstant(ZoneOffset.UTC);
    String patient = newPatient();
    String patientToken = patientTokenOf(patient);
    Appointment kept = book(clientWithToken(patientToken), booking(scheduleId, nine, patient, "remote"));
    step(clientWithToken(doctor.token()), kept.getIdElement().getIdPart(), "$confirm", null);
    Appointment dropped = book(clientWithToken(patientToken),
        booking(scheduleId, nine.plus(Duration.ofMinutes(30)), patient, "remote"));
    step(clientWithToken(patientToken), dropped.getIdElement().getIdPart(), "$cancel", reason("double entry"));
    Appointment someoneElse = book(secretary(), booking(scheduleId, nine.plus(Duration.ofHours(1)), newPatient(),
        "in-person"));

    JsonNode doctorFeed = createFeed(doctor.token(), 201);
    Map<String, String> doctorEvents = events(fetch(doctorFeed.get("url").asText(), 200));
    assertThat(doctorEvents).containsEntry(uid(kept), "CONFIRMED").containsEntry(uid(dropped), "CANCELLED")
        .containsEntry(uid(someoneElse), "TENTATIVE").hasSize(3);

    JsonNode patientFeed = createFeed(patientToken, 201);
    String ics = fetch(patientFeed.get("url").asText(), 200);
    assertThat(events(ics)).containsOnlyKeys(uid(kept), uid(dropped));
    VEvent event = new CalendarBuilder().build(new StringReader(ics)).<VEvent>getComponents("VEVENT").stream()
        .filter(e -> e.getProperty(Property.UID).map(Property::getValue).orElse("").equals(uid(kept)))
        .findFirst().orElseThrow();
    assertThat(Instant.from(event.<DtStart<Instant>>getProperty(Property.DTSTART).orElseThrow().getDate()))
        .isEqualTo(nine);
    assertThat(ics).doesNotContain("double entry"); // reasons and names stay out of third-party calendars

    // the owner lists and revokes; others cannot revoke it; then it is gone
    String id = patientFeed.get("id").asText();
    assertThat(send(HttpRequest.newBuilder(URI.create(baseUrl() + "/calendar/feeds/" + id)).DELETE(), doctor.token())
        .statusCode()).isEqualTo(404);
    HttpResponse<String> listed = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/calendar/feeds")).GET(),
        patientToken);
    assertThat(listed.body()).contains(id).doesNotContain(patientFeed.get("url").asText().replaceAll(".*/", ""));
    assertThat(send(HttpRequest.newBuilder(URI.create(baseUrl() + "/calendar/feeds/" + id)).DELETE(), patientToken)
        .statusCode()).isEqualTo(204);
    fetch(patientFeed.get("url").asText(), 404);
    fetch(doctorFeed.get("url").asText(), 200);
  }

  @Test
  void feedsAreOpenedByTheirTokenOnlyAndOnlyForAPractitionerOrPatient() throws Exception {
    String url = createFeed(patientTokenOf(newPatient()), 201).get("url").asText();
    String token = url.substring(url.lastIndexOf('/') + 1, url.length() - 4);
    String wrong = (token.charAt(0) == 'A' ? 'B' : 'A') + token.substring(1);
    HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(url.replace(token, wrong))).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(404);
    assertThat(refused.body()).contains("OperationOutcome");
    fetch(url.replace(token, token.substring(0, 20)), 404);
    fetch(url.replace(".ics", ""), 404);
    // managing feeds needs a bearer token, and an account that is a practitioner or a patient
    assertThat(http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/calendar/feeds"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(401);
    createFeed(tokenFor("secretary"), 403);
  }

  private JsonNode createFeed(String token, int expected) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/calendar/feeds"))
        .POST(HttpRequest.BodyPublishers.noBody()), token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(expected);
    return JSON.readTree(r.body());
  }

  private String fetch(String url, int expected) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url).isEqualTo(expected);
    if (expected == 200) {
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/calendar");
    }
    return r.body();
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
    return http.send(withToken(request, token).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** UID → STATUS of every VEVENT. */
  private static Map<String, String> events(String ics) throws Exception {
    Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
    List<VEvent> events = calendar.getComponents("VEVENT");
    return events.stream().collect(Collectors.toMap(
        e -> e.getProperty(Property.UID).map(Property::getValue).orElseThrow(),
        e -> e.getProperty(Property.STATUS).map(Property::getValue).orElse("")));
  }

  private static String uid(Appointment a) {
    return "appointment-" + a.getIdElement().getIdPart() + "@neurofhir";
  }
}
