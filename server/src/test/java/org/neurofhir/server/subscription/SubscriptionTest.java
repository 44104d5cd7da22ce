package org.neurofhir.server.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.subscription.SubscriptionReceiver.Delivery;

/**
 * Rest-hook Subscriptions delivering to a real HTTP receiver (segmentation reports, appointment changes), and what
 * is refused: staff and patients, clients without the scopes, criteria reaching data the client may not read,
 * receivers outside the allow-list, credentials in the URL, header injection, malformed criteria; and a client's
 * subscriptions stay its own.
 */
class SubscriptionTest extends SubscriptionTestBase {

  @Test
  void aSegmentationReportReachesTheEhrAndAnotherReportDoesNot() {
    Ehr ehr = ehr("system/Subscription.cruds", "system/DiagnosticReport.rs");
    String endpoint = receiver.url(unique("reports-"));
    Subscription asked = restHook(SEGMENTATION_REPORTS, endpoint);
    asked.getChannel().addHeader("Authorization: Bearer receiver-secret");
    String id = createActive(asked, ehr.token());
    String patient = newPatient();
    awaitDelivering(endpoint, () -> report(patient, "18748-4"));

    String other = report(patient, "24627-2");
    String segmentation = report(patient, "18748-4");
    Delivery delivered = receiver.await("the segmentation report at the receiver",
        d -> d.path().equals(pathOf(endpoint) + "/DiagnosticReport/" + segmentation));
    assertThat(delivered.method()).isEqualTo("PUT");
    assertThat(delivered.contentType()).startsWith("application/fhir+json");
    assertThat(delivered.authorization()).isEqualTo("Bearer receiver-secret");
    DiagnosticReport body = FHIR.newJsonParser().parseResource(DiagnosticReport.class, delivered.body());
    assertThat(body.getIdElement().getIdPart()).isEqualTo(segmentation);
    assertThat(body.getCode().getCodingFirstRep().getCode()).isEqualTo("18748-4");
    assertThat(body.getSubject().getReference()).isEqualTo("Patient/" + patient);
    // delivered after the other report was stored: had it matched, it would have arrived by now
    assertThat(receiver.first(d -> d.path().endsWith("/DiagnosticReport/" + other))).isEmpty();

    Subscription stored = clientWithToken(ehr.token()).read().resource(Subscription.class).withId(id).execute();
    assertThat(stored.getMeta().getTag(SubscriptionOwner.TAG_SYSTEM, ehr.id())).isNotNull();
  }

  @Test
  void anAppointmentBookedOrChangedToBookedReachesTheEhr() {
    Ehr ehr = ehr("system/Subscription.cruds", "system/Appointment.rs");
    String endpoint = receiver.url(unique("appointments-"));
    createActive(restHook("Appointment?status=booked", endpoint), ehr.token());
    String patient = newPatient();
    awaitDelivering(endpoint, () -> appointment(patient, Appointment.AppointmentStatus.BOOKED, null));

    String proposed = appointment(patient, Appointment.AppointmentStatus.PROPOSED, null);
    String booked = appointment(patient, Appointment.AppointmentStatus.BOOKED, null);
    receiver.await("the booked appointment", d -> d.path().endsWith("/Appointment/" + booked));
    assertThat(receiver.first(d -> d.path().endsWith("/Appointment/" + proposed))).isEmpty();

    appointment(patient, Appointment.AppointmentStatus.BOOKED, proposed);
    Delivery changed = receiver.await("the appointment changed to booked",
        d -> d.path().endsWith("/Appointment/" + proposed));
    assertThat(FHIR.newJsonParser().parseResource(Appointment.class, changed.body()).getStatus())
        .isEqualTo(Appointment.AppointmentStatus.BOOKED);
  }

  @Test
  void staffAndPatientsMayNeitherCreateNorReadSubscriptions() {
    Subscription asked = restHook(SEGMENTATION_REPORTS, receiver.url("staff"));
    for (String token : List.of(tokenFor("doctor"), tokenFor("nurse"), tokenFor("secretary"),
        patientToken(newPatient()))) {
      assertRefused(create(asked, token), 403);
      assertRefused(res.send("GET", "Subscription", null, token), 403);
    }
  }

  @Test
  void aClientNeedsSubscriptionScopesAndReadAccessToWhatItSubscribesTo() {
    Subscription reports = restHook(SEGMENTATION_REPORTS, receiver.url("scopes"));
    assertRefused(create(reports, ehr("system/DiagnosticReport.rs").token()), 403);
    assertRefused(create(reports, ehr("system/Subscription.rs", "system/DiagnosticReport.rs").token()), 403);

    Ehr noObservations = ehr("system/Subscription.cruds", "system/DiagnosticReport.rs");
    assertRefused(create(restHook("Observation?code=http://loinc.org|8867-4", receiver.url("o")),
        noObservations.token()), 403);
    // a chain into Patient is a question about patients this client may not search
    assertRefused(create(restHook("DiagnosticReport?subject:Patient.name=Smith", receiver.url("o")),
        noObservations.token()), 403);
    Subscription payloadSearch = restHook(SEGMENTATION_REPORTS, receiver.url("o"));
    payloadSearch.addExtension("http://hapifhir.io/fhir/StructureDefinition/subscription-payload-search-criteria",
        new StringType("Observation?status=final"));
    assertRefused(create(payloadSearch, noObservations.token()), 403);
    assertRefused(create(restHook("Subscription?status=active", receiver.url("o")), noObservations.token()), 403);
    assertThat(ownedBy(noObservations)).isZero();
  }

  @Test
  void endpointsOutsideTheAllowListOrWithCredentialsAreRefused() {
    Ehr ehr = ehr("system/Subscription.cruds", "system/DiagnosticReport.rs");
    String allowed = receiver.url("ok");
    String port = String.valueOf(URI.create(allowed).getPort());
    for (String endpoint : List.of(
        "http://127.0.0.1:" + port + "/other/",
        "http://10.0.0.1/receiver/",
        "ftp://127.0.0.1:" + port + "/receiver/x",
        "http://user:secret@127.0.0.1:" + port + "/receiver/x",
        "http://127.0.0.1:" + port + "/receiver/../admin",
        "http://127.0.0.1:" + port + "/receiver/%2e%2e/admin",
        fhirBase() + "/Patient",
        "not a url")) {
      assertRefused(create(restHook(SEGMENTATION_REPORTS, endpoint), ehr.token()), 422);
    }
    for (String header : List.of("X-Test: a\r\nX-Injected: b", "Host: 10.0.0.1", "no colon", "Bad Name: x")) {
      Subscription s = restHook(SEGMENTATION_REPORTS, allowed);
      s.getChannel().addHeader(header);
      assertRefused(create(s, ehr.token()), 422);
    }
    Subscription email = restHook(SEGMENTATION_REPORTS, "mailto:ehr@example.org");
    email.getChannel().setType(SubscriptionChannelType.EMAIL);
    assertRefused(create(email, ehr.token()), 422);
    assertThat(ownedBy(ehr)).isZero();
  }

  @Test
  void malformedCriteriaAre422AndNothingIsStored() {
    Ehr ehr = ehr("system/Subscription.cruds", "system/DiagnosticReport.rs");
    for (String criteria : List.of("DiagnosticReport", "NoSuchType?code=x", "?code=x", "DiagnosticReport?date=notadate",
        "DiagnosticReport?nosuchparameter=1", "DiagnosticReport?code:nosuchmodifier=x", "DiagnosticReport?code=a|b|c", "DiagnosticReport?date=2026-02-30",
        "DiagnosticReport?code=%zz", "")) {
      assertRefused(create(restHook(criteria, receiver.url("bad")), ehr.token()), 422);
    }
    assertThat(ownedBy(ehr)).isZero();
  }

  @Test
  void aClientSeesAndChangesOnlyItsOwnSubscriptionsUpToItsLimit() {
    Ehr owner = ehr("system/Subscription.cruds", "system/DiagnosticReport.rs");
    Ehr other = ehr("system/Subscription.cruds", "system/DiagnosticReport.rs");
    Subscription spoofed = restHook(SEGMENTATION_REPORTS, receiver.url("own"));
    spoofed.getMeta().addTag(SubscriptionOwner.TAG_SYSTEM, other.id(), null);
    HttpResponse<String> created = create(spoofed, owner.token());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = idOf(created);
    assertThat(ownedBy(owner)).isEqualTo(1);
    assertThat(ownedBy(other)).isZero();

    assertThat(res.send("GET", "Subscription/" + id, null, other.token()).statusCode()).isEqualTo(404);
    assertThat(searchAll(other.token())).doesNotContain(id);
    assertThat(searchAll(owner.token())).contains(id);
    assertThat(searchAll(adminToken())).contains(id);
    Subscription update = restHook(SEGMENTATION_REPORTS, receiver.url("taken-over"));
    update.setId(id);
    assertRefused(res.send("PUT", "Subscription/" + id, FHIR.newJsonParser().encodeResourceToString(update),
        other.token()), 403);
    assertRefused(res.send("DELETE", "Subscription/" + id, null, other.token()), 403);

    for (int i = 1; i < 5; i++) {
      assertThat(create(restHook(SEGMENTATION_REPORTS, receiver.url("own")), owner.token()).statusCode())
          .isEqualTo(201);
    }
    assertRefused(create(restHook(SEGMENTATION_REPORTS, receiver.url("own")), owner.token()), 422);
    assertThat(res.send("DELETE", "Subscription/" + id, null, owner.token()).statusCode()).isIn(200, 204);
    assertThat(ownedBy(owner)).isEqualTo(4);
  }
}
