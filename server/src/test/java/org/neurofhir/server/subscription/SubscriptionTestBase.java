package org.neurofhir.server.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.neurofhir.server.support.Poll;
import org.neurofhir.server.support.SecurityFixtures;
import org.neurofhir.server.support.ServerTestBase;

/** Subscriptions of system clients registered per test, a real receiver, and the resources they are notified of. */
abstract class SubscriptionTestBase extends ServerTestBase {

  static final String SEGMENTATION_REPORTS = "DiagnosticReport?code=http://loinc.org|18748-4";
  static SubscriptionReceiver receiver;
  SecurityFixtures res;

  /** A system client registered for one test, and its token (whose subject is the client id). */
  record Ehr(String id, String token) {}

  @BeforeAll
  static void startReceiver() throws IOException {
    receiver = new SubscriptionReceiver();
  }

  @AfterAll
  static void stopReceiver() {
    if (receiver != null) { // null when the run's database is not reachable and the class is skipped
      receiver.close();
    }
  }

  @BeforeEach
  void fixtures() {
    res = new SecurityFixtures(FHIR, http, fhirBase());
  }

  Ehr ehr(String... scopes) {
    String id = unique("ehr-");
    String secret = tokens().createClient(id, List.of(scopes));
    return new Ehr(id, tokens().clientCredentials(id, secret, null).accessToken());
  }

  static Subscription restHook(String criteria, String endpoint) {
    Subscription s = new Subscription();
    s.setStatus(SubscriptionStatus.REQUESTED);
    s.setReason("notify the EHR");
    s.setCriteria(criteria);
    s.getChannel().setType(SubscriptionChannelType.RESTHOOK).setEndpoint(endpoint).setPayload("application/fhir+json");
    return s;
  }

  HttpResponse<String> create(Subscription s, String token) {
    return res.send("POST", "Subscription", FHIR.newJsonParser().encodeResourceToString(s), token);
  }

  /** Creates the subscription and waits until HAPI has activated it. */
  String createActive(Subscription s, String token) {
    HttpResponse<String> r = create(s, token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String id = idOf(r);
    Poll.until(Duration.ofSeconds(30), "Subscription/" + id + " active", () -> clientWithToken(token).read()
        .resource(Subscription.class).withId(id).execute().getStatus() == SubscriptionStatus.ACTIVE);
    return id;
  }

  /**
   * HAPI registers a subscription for matching a moment after it marks it active; until the first probe arrives,
   * a notification could be missed for a reason the test is not about.
   */
  static void awaitDelivering(String endpoint, Supplier<String> probe) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      String id = probe.get();
      try {
        Poll.until(Duration.ofSeconds(3), "probe " + id, () -> receiver.first(d -> d.path().startsWith(pathOf(endpoint))
            && d.path().endsWith("/" + id)).isPresent());
        return;
      } catch (AssertionError notYet) {
        // next probe
      }
    }
    throw new AssertionError("no notification reached " + endpoint + " within 60 s");
  }

  static String pathOf(String url) {
    return URI.create(url).getRawPath();
  }

  static String idOf(HttpResponse<String> created) {
    return new IdType(created.headers().firstValue("Location").orElseThrow()).getIdPart();
  }

  long ownedBy(Ehr ehr) {
    Bundle all = client.search().forResource(Subscription.class).count(500).returnBundle(Bundle.class).execute();
    return all.getEntry().stream()
        .filter(e -> e.getResource().getMeta().getTag(SubscriptionOwner.TAG_SYSTEM, ehr.id()) != null)
        .count();
  }

  List<String> searchAll(String token) {
    Bundle found = clientWithToken(token).search().forResource(Subscription.class).count(500)
        .returnBundle(Bundle.class).execute();
    return found.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
  }

  String newPatient() {
    String id = SecurityFixtures.newId("subs-pat");
    res.put(SecurityFixtures.patient(id), adminToken());
    return id;
  }

  String report(String patient, String loinc) {
    DiagnosticReport r = (DiagnosticReport) SecurityFixtures.ofType("DiagnosticReport",
        SecurityFixtures.newId("subs-dr"), patient);
    r.setCode(new CodeableConcept(new Coding("http://loinc.org", loinc, null)));
    res.put(r, adminToken());
    return r.getIdElement().getIdPart();
  }

  /** Stores an appointment of this patient (a new one, or {@code id} again) with this status. */
  String appointment(String patient, Appointment.AppointmentStatus status, String id) {
    Appointment a = (Appointment) SecurityFixtures.ofType("Appointment",
        id == null ? SecurityFixtures.newId("subs-appt") : id, patient);
    a.setStatus(status);
    res.put(a, adminToken());
    return a.getIdElement().getIdPart();
  }

  static void assertRefused(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
    assertThat(outcome.getIssueFirstRep().getDiagnostics()).isNotBlank();
  }
}
