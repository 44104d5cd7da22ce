package org.neurofhir.server.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Schedule;
import org.hl7.fhir.r4.model.Slot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.server.support.ProfileValidation;

/**
 * {@code Appointment/$find} writes its JSON itself (FreeSlotJsonWriter): held here to the Bundle HAPI writes for the
 * same slots (the XML answer), to the profiles, and to the HTTP a FHIR client expects (pretty, gzip, errors, batch).
 */
class FindFormatsTest extends SchedulingTestBase {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private String scheduleId;
  private LocalDate monday;
  private String query;

  /** Monday 09:00-10:00 remote only, two slots; Tuesday 09:00-10:00 one slot of two places, one taken. */
  @BeforeEach
  void agenda() {
    Doctor doctor = newDoctor();
    monday = mondayAhead(5);
    Schedule s = rule(schedule(doctor.practitioner(), "Europe/Paris"), List.of("mon"), "09:00:00", "10:00:00", 30, 1,
        "remote");
    rule(s, List.of("tue"), "09:00:00", "10:00:00", 60, 2);
    scheduleId = store(clientWithToken(doctor.token()), s);
    book(secretary(), booking(scheduleId, monday.plusDays(1).atTime(9, 0).atZone(PARIS).toInstant(), newPatient(),
        "in-person"));
    query = "/Appointment/$find?schedule=Schedule/" + scheduleId + "&start=" + monday + "&end=" + monday.plusDays(6);
  }

  @Test
  void theJsonAnswerIsTheBundleHapiWritesAsXml() throws Exception {
    HttpResponse<String> json = get(query, "application/fhir+json");
    HttpResponse<String> xml = get(query + "&_format=xml", null);
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
    assertThat(xml.statusCode()).isEqualTo(200);
    assertThat(xml.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+xml");

    Bundle fromJson = FHIR.newJsonParser().parseResource(Bundle.class, json.body());
    Bundle fromXml = FHIR.newXmlParser().parseResource(Bundle.class, xml.body());
    assertThat(FHIR.newJsonParser().encodeResourceToString(fromJson))
        .isEqualTo(FHIR.newJsonParser().encodeResourceToString(fromXml));

    assertThat(fromJson.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
    assertThat(fromJson.getTotal()).isEqualTo(3);
    List<Slot> slots = fromJson.getEntry().stream().map(e -> (Slot) e.getResource()).toList();
    assertThat(fromJson.getEntry()).allSatisfy(e -> assertThat(e.getSearch().getMode())
        .isEqualTo(Bundle.SearchEntryMode.MATCH));
    assertThat(slots).allSatisfy(slot -> {
      assertThat(slot.getStatus()).isEqualTo(Slot.SlotStatus.FREE);
      assertThat(slot.getSchedule().getReference()).isEqualTo("Schedule/" + scheduleId);
    });
    Slot firstMonday = slots.get(0);
    assertThat(((Coding) firstMonday.getExtensionByUrl(NeuroFhirCanonical.EXT_CONSULTATION_MODE).getValue()).getCode())
        .isEqualTo("remote");
    Slot tuesday = slots.get(2);
    assertThat(tuesday.getExtensionByUrl(NeuroFhirCanonical.EXT_CONSULTATION_MODE)).isNull();
    assertThat(tuesday.getComment()).isEqualTo("1 of 2 places free");
    assertThat(tuesday.getEnd().getTime() - tuesday.getStart().getTime()).isEqualTo(3_600_000L);

    // times on the schedule's own wall clock, to the second, as a person reading the answer expects
    String nine = monday.atTime(9, 0).atZone(PARIS).format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX"));
    assertThat(json.body()).contains("\"start\":\"" + nine + "\"");
    assertThat(firstMonday.getStart()).isEqualTo(java.util.Date.from(monday.atTime(9, 0).atZone(PARIS).toInstant()));

    assertThat(ProfileValidation.errors(FHIR, json.body())).isEmpty();
    assertThat(ProfileValidation.errors(FHIR, xml.body())).isEmpty();
  }

  @Test
  void prettyAndGzipAnswersCarryTheSameBundle() throws Exception {
    String plain = get(query, "application/fhir+json").body();
    HttpResponse<String> pretty = get(query + "&_pretty=true", "application/fhir+json");
    assertThat(pretty.body()).contains("\n").isNotEqualTo(plain);
    assertThat(reencoded(pretty.body())).isEqualTo(reencoded(plain));

    // ten weeks: an answer above the server's 2 KB compression threshold
    String tenWeeks = query.replace("&end=" + monday.plusDays(6), "&end=" + monday.plusWeeks(10));
    plain = get(tenWeeks, "application/fhir+json").body();
    HttpResponse<byte[]> zipped = http.send(withToken(HttpRequest.newBuilder(URI.create(fhirBase() + tenWeeks)), adminToken())
        .header("Accept", "application/fhir+json").header("Accept-Encoding", "gzip").GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(reencoded(gunzip(zipped.body()))).isEqualTo(reencoded(plain));
  }

  @Test
  void aRefusedFindIsAnOperationOutcome() throws Exception {
    HttpResponse<String> backwards = get("/Appointment/$find?schedule=Schedule/" + scheduleId + "&start="
        + monday.plusDays(7) + "&end=" + monday, "application/fhir+json");
    assertThat(backwards.statusCode()).isEqualTo(400);
    OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, backwards.body());
    assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("end must be after start");
  }

  @Test
  void inABatchFindIsRefusedAndTheOtherEntriesRun() {
    Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
    batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl(query.substring(1));
    batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Schedule/" + scheduleId);
    Bundle answer = client.transaction().withBundle(batch).execute();
    assertThat(answer.getEntry().get(0).getResponse().getStatus()).startsWith("400");
    assertThat(((OperationOutcome) answer.getEntry().get(0).getResponse().getOutcome()).getIssueFirstRep()
        .getDiagnostics()).contains("$find cannot be an entry of a batch");
    assertThat(answer.getEntry().get(1).getResponse().getStatus()).startsWith("200");
    assertThat(answer.getEntry().get(1).getResource()).isInstanceOf(Schedule.class);
  }

  private HttpResponse<String> get(String pathAndQuery, String accept) throws IOException, InterruptedException {
    HttpRequest.Builder request = withToken(HttpRequest.newBuilder(URI.create(fhirBase() + pathAndQuery.replace("|",
        URLEncoder.encode("|", StandardCharsets.UTF_8)))), adminToken()).GET();
    if (accept != null) {
      request.header("Accept", accept);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String reencoded(String json) {
    return FHIR.newJsonParser().encodeResourceToString(FHIR.newJsonParser().parseResource(Bundle.class, json));
  }

  private static String gunzip(byte[] body) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
