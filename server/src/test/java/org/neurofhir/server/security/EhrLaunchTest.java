package org.neurofhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;
import org.neurofhir.server.support.TestTokens;

/**
 * SMART EHR launch over HTTP: an EHR makes a launch for a patient ({@code Patient/{id}/$smart-launch}), the app signs
 * the user in with {@code launch} and gets the patient in its token response, and a token with {@code patient/}
 * scopes only reaches that patient's record. Each refusal: a spent, unknown or missing launch, a launch for
 * another app, a patient user launched into someone else's record, callers who may not make launches.
 */
class EhrLaunchTest extends ServerTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LAUNCHED_SCOPES = "openid fhirUser offline_access launch patient/*.rs";

  private String patientA;
  private String patientB;
  private String observationA;
  private String observationB;

  @BeforeEach
  void twoPatients() {
    patientA = createPatient("Launched");
    patientB = createPatient("Other");
    observationA = createObservation(patientA);
    observationB = createObservation(patientB);
  }

  @Test
  void launchedTokenReachesOnlyTheLaunchPatientsRecord() throws Exception {
    String launch = launch(tokenFor("doctor"), patientA, Map.of()).path("launch").asText();
    String doctor = newUser("doctor", null);

    TestTokens.TokenResponse signedIn = tokens().authorizationCode(doctor, TestTokens.USER_PASSWORD, LAUNCHED_SCOPES,
        Map.of("launch", launch));
    assertThat(signedIn.status()).isEqualTo(200);
    assertThat(signedIn.json().path("patient").asText()).isEqualTo(patientA);
    assertThat(signedIn.json().path("need_patient_banner").asBoolean()).isTrue();
    String token = signedIn.accessToken();

    assertThat(get("/fhir/Patient/" + patientA, token).statusCode()).isEqualTo(200);
    assertThat(get("/fhir/Observation/" + observationA, token).statusCode()).isEqualTo(200);
    assertThat(get("/fhir/Patient/" + patientB, token).statusCode()).isEqualTo(403);
    assertThat(get("/fhir/Observation/" + observationB, token).statusCode()).isEqualTo(403);
    JsonNode all = JSON.readTree(get("/fhir/Observation?_count=500", token).body());
    assertThat(all.path("entry").findValuesAsText("reference")).isNotEmpty()
        .allSatisfy(ref -> assertThat(ref).isEqualTo("Patient/" + patientA));
    // read-only scopes, and no operation that would run with the server's rights on another record
    assertThat(post("/fhir/Observation", token, observationJson(patientA)).statusCode()).isEqualTo(403);
    assertThat(get("/fhir/Patient/" + patientB + "/$everything", token).statusCode()).isEqualTo(403);
    assertThat(get("/fhir/Patient/" + patientA + "/$everything", token).statusCode()).isEqualTo(200);
    assertThat(post("/fhir/Patient/" + patientB + "/$smart-launch", token, "{\"resourceType\":\"Parameters\"}")
        .statusCode()).isEqualTo(403);

    TestTokens.TokenResponse refreshed = tokens().refresh(signedIn.refreshToken());
    assertThat(refreshed.status()).isEqualTo(200);
    assertThat(refreshed.json().path("patient").asText()).isEqualTo(patientA);
    assertThat(get("/fhir/Patient/" + patientB, refreshed.accessToken()).statusCode()).isEqualTo(403);
    assertThat(get("/fhir/Patient/" + patientA, refreshed.accessToken()).statusCode()).isEqualTo(200);
  }

  @Test
  void staffTokenWithUserScopesKeepsItsRoleAndNamesThePatient() throws Exception {
    String launch = launch(tokenFor("secretary"), patientA, Map.of()).path("launch").asText();
    String doctor = newUser("doctor", null);
    TestTokens.TokenResponse signedIn = tokens().authorizationCode(doctor, TestTokens.USER_PASSWORD,
        TestTokens.STAFF_SCOPES + " launch", Map.of("launch", launch));
    assertThat(signedIn.status()).isEqualTo(200);
    assertThat(signedIn.json().path("patient").asText()).isEqualTo(patientA);
    // the app opens patient A; the doctor's user/ scopes still reach the other records their role allows
    assertThat(get("/fhir/Patient/" + patientB, signedIn.accessToken()).statusCode()).isEqualTo(200);
  }

  @Test
  void aLaunchStartsOneSignInOnly() throws Exception {
    String launch = launch(tokenFor("doctor"), patientA, Map.of()).path("launch").asText();
    String doctor = newUser("doctor", null);
    assertThat(tokens().authorizationCode(doctor, TestTokens.USER_PASSWORD, LAUNCHED_SCOPES,
        Map.of("launch", launch)).status()).isEqualTo(200);

    assertThat(callback(doctor, LAUNCHED_SCOPES, Map.of("launch", launch))).contains("error=invalid_request")
        .doesNotContain("code=");
    assertThat(callback(doctor, LAUNCHED_SCOPES, Map.of("launch", "x".repeat(43))))
        .contains("error=invalid_request");
    assertThat(callback(doctor, LAUNCHED_SCOPES, Map.of())).contains("error=invalid_request");
    assertThat(URLDecoder.decode(callback(doctor, LAUNCHED_SCOPES, Map.of("launch", "bad")), StandardCharsets.UTF_8))
        .contains("open the app again from the EHR");
  }

  @Test
  void aLaunchForAnotherAppCannotBeUsed() throws Exception {
    JsonNode forWebApp = launch(tokenFor("doctor"), patientA, Map.of("client", "neurofhir-web"));
    String launch = forWebApp.path("launch").asText();
    assertThat(forWebApp.path("url").asText()).contains("/app/?iss=").endsWith("&launch=" + launch);
    String doctor = newUser("doctor", null);
    assertThat(callback(doctor, LAUNCHED_SCOPES, Map.of("launch", launch))).contains("error=invalid_request");

    HttpResponse<String> unknownClient = launchResponse(tokenFor("doctor"), patientA, Map.of("client", "no-such-app"));
    assertThat(unknownClient.statusCode()).isEqualTo(422);
    assertThat(unknownClient.body()).contains("OperationOutcome").contains("no-such-app");
    // a client_credentials client signs nobody in
    assertThat(launchResponse(tokenFor("doctor"), patientA, Map.of("client", TestTokens.ADMIN_CLIENT)).statusCode())
        .isEqualTo(422);
  }

  @Test
  void aPatientUserIsLaunchedIntoTheirOwnRecordOnly() throws Exception {
    String patientUser = newUser("patient", "Patient/" + patientA);
    String intoOther = launch(tokenFor("doctor"), patientB, Map.of()).path("launch").asText();
    TestTokens.TokenResponse refused = tokens().authorizationCode(patientUser, TestTokens.USER_PASSWORD,
        LAUNCHED_SCOPES, Map.of("launch", intoOther));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("error").asText()).isEqualTo("invalid_grant");

    String intoOwn = launch(tokenFor("doctor"), patientA, Map.of()).path("launch").asText();
    TestTokens.TokenResponse own = tokens().authorizationCode(patientUser, TestTokens.USER_PASSWORD,
        LAUNCHED_SCOPES, Map.of("launch", intoOwn));
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().path("patient").asText()).isEqualTo(patientA);
    assertThat(get("/fhir/Observation/" + observationA, own.accessToken()).statusCode()).isEqualTo(200);
    assertThat(get("/fhir/Observation/" + observationB, own.accessToken()).statusCode()).isEqualTo(403);
  }

  @Test
  void whoMayMakeALaunchAndForWhat() throws Exception {
    assertThat(launchResponse(tokenFor("nurse"), patientA, Map.of()).statusCode()).isEqualTo(200);
    assertThat(launchResponse(tokenFor("secretary"), patientA, Map.of()).statusCode()).isEqualTo(200);
    assertThat(launchResponse(adminToken(), patientA, Map.of()).statusCode()).isEqualTo(200);
    assertThat(launchResponse(patientToken(patientA), patientA, Map.of()).statusCode()).isEqualTo(403);
    String observationsOnly = tokens().clientCredentials("test-scoped", "test-scoped-secret", "system/Observation.rs")
        .accessToken();
    assertThat(launchResponse(observationsOnly, patientA, Map.of()).statusCode()).isEqualTo(403);
    assertThat(launchResponse(null, patientA, Map.of()).statusCode()).isEqualTo(401);

    HttpResponse<String> unknown = launchResponse(tokenFor("doctor"), "no-such-patient-" + unique("x"), Map.of());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("OperationOutcome");

    String encounterOfB = createEncounter(patientB);
    HttpResponse<String> wrongEncounter = launchResponse(tokenFor("doctor"), patientA, Map.of("encounter", encounterOfB));
    assertThat(wrongEncounter.statusCode()).isEqualTo(422);
    assertThat(wrongEncounter.body()).contains("is not an encounter of Patient/" + patientA);

    String encounterOfA = createEncounter(patientA);
    String launch = launch(tokenFor("doctor"), patientA, Map.of("encounter", "Encounter/" + encounterOfA))
        .path("launch").asText();
    TestTokens.TokenResponse signedIn = tokens().authorizationCode(newUser("nurse", null), TestTokens.USER_PASSWORD,
        LAUNCHED_SCOPES, Map.of("launch", launch));
    assertThat(signedIn.json().path("patient").asText()).isEqualTo(patientA);
    assertThat(signedIn.json().path("encounter").asText()).isEqualTo(encounterOfA);
  }

  @Test
  void discoverySaysEhrLaunchIsSupported() throws Exception {
    JsonNode doc = JSON.readTree(get("/fhir/.well-known/smart-configuration", null).body());
    List<String> capabilities = JSON.convertValue(doc.path("capabilities"), List.class);
    assertThat(capabilities).contains("launch-ehr", "context-ehr-patient", "launch-standalone");
    assertThat(JSON.convertValue(doc.path("scopes_supported"), List.class)).contains("launch");
  }

  private JsonNode launch(String token, String patient, Map<String, String> params) throws Exception {
    HttpResponse<String> r = launchResponse(token, patient, params);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    JsonNode out = JSON.createObjectNode();
    for (JsonNode p : body.path("parameter")) {
      p.fields().forEachRemaining(f -> {
        if (f.getKey().startsWith("value")) {
          ((com.fasterxml.jackson.databind.node.ObjectNode) out).set(p.path("name").asText(), f.getValue());
        }
      });
    }
    assertThat(out.path("launch").asText()).matches("[A-Za-z0-9_-]{43}");
    assertThat(out.path("iss").asText()).endsWith("/fhir");
    return out;
  }

  private HttpResponse<String> launchResponse(String token, String patient, Map<String, String> params)
      throws Exception {
    StringBuilder body = new StringBuilder("{\"resourceType\":\"Parameters\",\"parameter\":[");
    String sep = "";
    for (var p : params.entrySet()) {
      body.append(sep).append("{\"name\":\"").append(p.getKey()).append("\",\"valueString\":\"")
          .append(p.getValue()).append("\"}");
      sep = ",";
    }
    return post("/fhir/Patient/" + patient + "/$smart-launch", token, body.append("]}").toString());
  }

  private String callback(String username, String scope, Map<String, String> extra) {
    return tokens().authorizationCallback(
        new TestTokens.CodeFlow(TestTokens.APP_CLIENT, TestTokens.APP_SECRET, TestTokens.APP_REDIRECT, true),
        username, TestTokens.USER_PASSWORD, scope, extra);
  }

  private String newUser(String role, String fhirUser) {
    String username = unique("launch-" + role + "-");
    tokens().createUser(username, TestTokens.USER_PASSWORD, List.of(role), fhirUser);
    return username;
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Accept", "application/fhir+json");
    if (token != null) {
      withToken(b, token);
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String token, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json");
    if (token != null) {
      withToken(b, token);
    }
    return http.send(b.POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private String createPatient(String family) {
    Patient p = new Patient();
    p.addName().setFamily(family + unique("")).addGiven("Test");
    return client.create().resource(p).execute().getId().getIdPart();
  }

  private String createObservation(String patient) {
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.setCode(new CodeableConcept().setText("heart rate"));
    o.setSubject(new Reference("Patient/" + patient));
    return client.create().resource(o).execute().getId().getIdPart();
  }

  private static String observationJson(String patient) {
    return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"heart rate\"},"
        + "\"subject\":{\"reference\":\"Patient/" + patient + "\"}}";
  }

  private String createEncounter(String patient) {
    Encounter e = new Encounter();
    e.setStatus(Encounter.EncounterStatus.FINISHED);
    e.getClass_().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("AMB");
    e.setSubject(new Reference("Patient/" + patient));
    return client.create().resource(e).execute().getId().getIdPart();
  }
}
