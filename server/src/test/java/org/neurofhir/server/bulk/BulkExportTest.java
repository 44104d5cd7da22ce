package org.neurofhir.server.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.SecurityFixtures;
import org.neurofhir.server.support.ServerTestBase;

/**
 * FHIR Bulk Data {@code $export} over HTTP: kick-off, polling, manifest and NDJSON files, for the callers who may
 * export and refused for those who may not; status URL and files answer their requester only.
 */
class BulkExportTest extends ServerTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration EXPORT_TIMEOUT = Duration.ofMinutes(2);

  /** What one export produced: resources by type, each as parsed JSON, and the manifest. */
  record Export(JsonNode manifest, Map<String, List<JsonNode>> byType, List<String> fileUrls) {
    Set<String> ids(String type) {
      Set<String> ids = new HashSet<>();
      byType.getOrDefault(type, List.of()).forEach(r -> ids.add(r.get("id").asText()));
      return ids;
    }
  }

  @Test
  void systemClientExportsWhatWasCreatedSinceAndOnlyTheTypesAskedFor() throws Exception {
    SecurityFixtures res = new SecurityFixtures(FHIR, http, fhirBase());
    String before = SecurityFixtures.newId("bulk-old");
    res.put(SecurityFixtures.patient(before), adminToken());
    Thread.sleep(1100);
    String since = java.time.Instant.now().toString();
    Thread.sleep(1100);
    String patient = SecurityFixtures.newId("bulk-pat");
    res.put(SecurityFixtures.patient(patient), adminToken());
    List<String> observations = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String id = SecurityFixtures.newId("bulk-obs");
      res.put(SecurityFixtures.ofType("Observation", id, patient), adminToken());
      observations.add(id);
    }
    res.put(SecurityFixtures.ofType("DiagnosticReport", SecurityFixtures.newId("bulk-dr"), patient), adminToken());

    String system = systemClientToken("system/*.read");
    Export export = export("$export?_type=Patient,Observation&_since=" + enc(since), system);

    assertThat(export.byType().keySet()).containsOnly("Patient", "Observation");
    assertThat(export.ids("Patient")).contains(patient).doesNotContain(before);
    assertThat(export.ids("Observation")).containsAll(observations);
    Observation stored = client.read().resource(Observation.class).withId(observations.get(0)).execute();
    JsonNode exported = export.byType().get("Observation").stream()
        .filter(r -> r.get("id").asText().equals(observations.get(0))).findFirst().orElseThrow();
    assertThat(exported.get("code").get("text").asText()).isEqualTo(stored.getCode().getText());
    assertThat(exported.get("subject").get("reference").asText()).isEqualTo("Patient/" + patient);
    for (JsonNode r : export.byType().get("Patient")) {
      assertThat(r.get("meta").get("lastUpdated").asText()).isGreaterThanOrEqualTo(since.substring(0, 19));
    }
    assertThat(export.manifest().get("requiresAccessToken").asBoolean()).isTrue();
    assertThat(export.manifest().get("request").asText()).contains("$export");
    assertThat(export.manifest().get("transactionTime").asText()).isNotBlank();
  }

  @Test
  void typeFilterNarrowsTheExport() throws Exception {
    SecurityFixtures res = new SecurityFixtures(FHIR, http, fhirBase());
    String patient = SecurityFixtures.newId("bulk-tf");
    res.put(SecurityFixtures.patient(patient), adminToken());
    Observation wanted = (Observation) SecurityFixtures.ofType("Observation", SecurityFixtures.newId("bulk-tfw"), patient);
    String code = unique("code");
    wanted.getCode().addCoding().setSystem("urn:test:bulk").setCode(code);
    res.put(wanted, adminToken());
    String other = SecurityFixtures.newId("bulk-tfo");
    res.put(SecurityFixtures.ofType("Observation", other, patient), adminToken());

    Export export = export("$export?_type=Observation&_typeFilter="
        + enc("Observation?code=urn:test:bulk|" + code), adminToken());

    assertThat(export.ids("Observation")).containsExactly(wanted.getIdElement().getIdPart());
  }

  @Test
  void patientExportsTheirOwnRecordAndNobodyElses() throws Exception {
    SecurityFixtures res = new SecurityFixtures(FHIR, http, fhirBase());
    String mine = SecurityFixtures.newId("bulk-me");
    String other = SecurityFixtures.newId("bulk-other");
    res.put(SecurityFixtures.patient(mine), adminToken());
    res.put(SecurityFixtures.patient(other), adminToken());
    String myObs = SecurityFixtures.newId("bulk-myobs");
    res.put(SecurityFixtures.ofType("Observation", myObs, mine), adminToken());
    res.put(SecurityFixtures.ofType("Observation", SecurityFixtures.newId("bulk-otherobs"), other), adminToken());
    String token = patientToken(mine);

    assertRefused(kickOff("Patient/" + other + "/$export?_type=Patient,Observation", token), 403);
    assertRefused(kickOff("$export", token), 403);

    Export export = export("Patient/" + mine + "/$export?_type=Patient,Observation", token);
    assertThat(export.ids("Observation")).containsExactly(myObs);
    assertThat(export.ids("Patient")).containsExactly(mine);
  }

  @Test
  void systemExportIsRefusedToDoctorsAndToClientsThatCannotReadEverything() {
    HttpResponse<String> doctor = kickOff("$export", tokenFor("doctor"));
    assertRefused(doctor, 403);
    assertThat(doctor.body()).contains("OperationOutcome");
    assertRefused(kickOff("$export", systemClientToken("system/Patient.rs")), 403);
    assertRefused(kickOff("Patient/$export?_type=Observation", tokenFor("secretary")), 403);
    assertRefused(kickOff("$export?_type=AuditEvent", systemClientToken("system/*.read")), 403);
    assertRefused(kickOff("$export", null), 401);
  }

  @Test
  void statusAndFilesAnswerOnlyTheRequester() throws Exception {
    SecurityFixtures res = new SecurityFixtures(FHIR, http, fhirBase());
    String patient = SecurityFixtures.newId("bulk-own");
    res.put(SecurityFixtures.patient(patient), adminToken());
    String owner = systemClientToken("system/*.read");
    String stranger = systemClientToken("system/*.read");

    HttpResponse<String> kickOff = kickOff("Patient/" + patient + "/$export?_type=Patient", owner);
    assertThat(kickOff.statusCode()).isEqualTo(202);
    String status = kickOff.headers().firstValue("Content-Location").orElseThrow();
    assertThat(get(status, stranger).statusCode()).isEqualTo(404);
    assertThat(get(status, adminToken()).statusCode()).isEqualTo(404);
    Export export = poll(status, owner);
    assertThat(export.ids("Patient")).containsExactly(patient);

    String file = export.fileUrls().get(0);
    assertThat(get(file, stranger).statusCode()).isEqualTo(403);
    assertThat(get(file, adminToken()).statusCode()).isEqualTo(403);
    assertThat(get(file, tokenFor("doctor")).statusCode()).isEqualTo(403);
    String binaryId = file.substring(file.lastIndexOf('/') + 1);
    HttpResponse<String> search = get(fhirBase() + "/Binary?_id=" + binaryId, adminToken());
    assertThat(search.statusCode()).isEqualTo(200);
    assertThat(search.body()).doesNotContain(binaryId + "\"");
    assertThat(get(file, owner).statusCode()).isEqualTo(200);
  }

  @Test
  void deleteOnTheStatusUrlCancelsTheExport() {
    String token = systemClientToken("system/*.read");
    HttpResponse<String> kickOff = kickOff("$export", token);
    assertThat(kickOff.statusCode()).isEqualTo(202);
    String status = kickOff.headers().firstValue("Content-Location").orElseThrow();
    assertThat(send("DELETE", status, systemClientToken("system/*.read")).statusCode()).isEqualTo(404);

    HttpResponse<String> cancel = send("DELETE", status, token);

    assertThat(cancel.statusCode()).isEqualTo(202);
    assertThat(get(status, token).statusCode()).isEqualTo(404);
  }

  // --- helpers

  private String systemClientToken(String scope) {
    String clientId = unique("bulk-client-");
    String secret = tokens().createClient(clientId, List.of(scope));
    return tokens().clientCredentials(clientId, secret, null).accessToken();
  }

  private Export export(String kickOffPath, String token) throws Exception {
    HttpResponse<String> kickOff = kickOff(kickOffPath, token);
    assertThat(kickOff.statusCode()).as(kickOff.body()).isEqualTo(202);
    return poll(kickOff.headers().firstValue("Content-Location").orElseThrow(), token);
  }

  private Export poll(String status, String token) throws Exception {
    long deadline = System.nanoTime() + EXPORT_TIMEOUT.toNanos();
    HttpResponse<String> answer = get(status, token);
    while (answer.statusCode() == 202) {
      assertThat(answer.headers().firstValue("X-Progress")).isPresent();
      assertThat(System.nanoTime()).as("export finished in time").isLessThan(deadline);
      Thread.sleep(500);
      answer = get(status, token);
    }
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode manifest = JSON.readTree(answer.body());
    Map<String, List<JsonNode>> byType = new HashMap<>();
    List<String> urls = new ArrayList<>();
    for (JsonNode output : manifest.get("output")) {
      String url = output.get("url").asText();
      urls.add(url);
      HttpResponse<String> file = send("GET", url, token, "application/fhir+ndjson");
      assertThat(file.statusCode()).isEqualTo(200);
      for (String line : file.body().split("\n")) {
        if (!line.isBlank()) {
          JsonNode resource = JSON.readTree(line);
          assertThat(resource.get("resourceType").asText()).isEqualTo(output.get("type").asText());
          byType.computeIfAbsent(output.get("type").asText(), k -> new ArrayList<>()).add(resource);
        }
      }
    }
    return new Export(manifest, byType, urls);
  }

  private HttpResponse<String> kickOff(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fhirBase() + "/" + path))
        .header("Accept", "application/fhir+json").header("Prefer", "respond-async").GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return sendRaw(b.build());
  }

  private HttpResponse<String> get(String url, String token) {
    return send("GET", url, token, "application/fhir+json");
  }

  private HttpResponse<String> send(String method, String url, String token) {
    return send(method, url, token, "application/fhir+json");
  }

  private HttpResponse<String> send(String method, String url, String token, String accept) {
    return sendRaw(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept)
        .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody()).build());
  }

  private HttpResponse<String> sendRaw(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertRefused(HttpResponse<String> response, Integer... allowed) {
    assertThat(response.statusCode()).as(response.body()).isIn((Object[]) allowed);
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
