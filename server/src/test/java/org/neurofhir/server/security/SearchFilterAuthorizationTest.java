package org.neurofhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.SecurityFixtures;
import org.neurofhir.server.support.ServerTestBase;

/**
 * Search filters use only data the caller may search: {@code _has}, chains, {@code _include}/{@code _revinclude},
 * {@code _sort} on a chain and conditional URLs reaching a type the caller may not search are refused with 403,
 * whether or not anything would match (a 200 with or without results would be the answer).
 */
class SearchFilterAuthorizationTest extends ServerTestBase {

  /** A patient with a clinical Observation whose code only this test knows. */
  record World(String patient, String family, String code, String secretary, String nurse, String doctor,
      String pacs, String patientToken) {}

  private static final Map<String, World> WORLDS = new ConcurrentHashMap<>();
  private World w;
  private SecurityFixtures res;

  @BeforeEach
  void setUp() {
    res = new SecurityFixtures(FHIR, http, fhirBase());
    w = WORLDS.computeIfAbsent(baseUrl(), k -> build());
  }

  private World build() {
    String admin = adminToken();
    String patient = SecurityFixtures.newId("sf-pat");
    Patient p = SecurityFixtures.patient(patient);
    res.put(p, admin);
    String code = SecurityFixtures.newId("hiv").replace("-", "");
    Observation o = (Observation) SecurityFixtures.ofType("Observation", SecurityFixtures.newId("sf-obs"), patient);
    o.setCode(new CodeableConcept(new Coding("urn:test:lab", code, "a result the secretary may not know")));
    res.put(o, admin);
    return new World(patient, p.getNameFirstRep().getFamily(), code, tokenFor("secretary"), tokenFor("nurse"),
        tokenFor("doctor"), tokens().clientCredentials("test-pacs", "test-pacs-secret", null).accessToken(),
        patientToken(patient));
  }

  private int postSearch(String type, String form, String token) {
    try {
      return http.send(withToken(java.net.http.HttpRequest.newBuilder(java.net.URI.create(fhirBase() + "/" + type
                  + "/_search"))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)), token).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private int status(String path, String token) {
    return res.send("GET", path, null, token).statusCode();
  }

  @Test
  void secretaryCannotFindPatientsByTheirObservations() {
    String has = "Patient?_has:Observation:subject:code=urn:test:lab%7C" + w.code();
    HttpResponse<String> refused = res.send("GET", has, null, w.secretary());
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(refused.body()).contains("OperationOutcome").contains("Observation");
    // the same question with a code that matches nothing: refused too, or the difference would be the answer
    assertThat(status("Patient?_has:Observation:subject:code=urn:test:lab%7Cnothing", w.secretary())).isEqualTo(403);
    assertThat(postSearch("Patient", "_has:Observation:subject:code=urn:test:lab%7C" + w.code(), w.secretary()))
        .isEqualTo(403);
    // nested and as a chain
    assertThat(status("Appointment?patient._has:Observation:subject:code=x", w.secretary())).isEqualTo(403);

    // who may search Observations may ask
    HttpResponse<String> nurse = res.send("GET", has, null, w.nurse());
    assertThat(nurse.statusCode()).isEqualTo(200);
    assertThat(nurse.body()).contains(w.patient());
    assertThat(status(has, w.doctor())).isEqualTo(200);
  }

  @Test
  void chainsReachOnlySearchableTypes() {
    assertThat(status("Appointment?patient.family=" + w.family(), w.secretary())).isEqualTo(200);
    assertThat(status("Encounter?subject:Patient.family=" + w.family(), w.secretary())).isEqualTo(200);
    assertThat(status("Appointment?actor:Practitioner.family=x", w.secretary())).isEqualTo(200);
    // Appointment.actor can point at a Device or a RelatedPerson, which the secretary may not search
    assertThat(status("Appointment?actor.family=x", w.secretary())).isEqualTo(403);
    assertThat(status("Encounter?diagnosis:Condition.code=x", w.secretary())).isEqualTo(403);
    assertThat(status("Encounter?_sort=diagnosis.code", w.secretary())).isEqualTo(403);
    // a type modifier is no _sort syntax: refused as a malformed value before any authorization question
    assertThat(status("Encounter?_sort=diagnosis:Condition.code", w.secretary())).isEqualTo(400);
    // a PACS bridge reads ImagingStudy and Patient, nothing clinical
    assertThat(status("ImagingStudy?patient.family=" + w.family(), w.pacs())).isEqualTo(200);
    assertThat(status("ImagingStudy?_has:Observation:subject:code=x", w.pacs())).isEqualTo(403);
    // the audit trail is for admins, also as a filter
    assertThat(status("Patient?_has:AuditEvent:patient:action=R", w.doctor())).isEqualTo(403);
  }

  @Test
  void includesPullInOnlySearchableTypes() {
    assertThat(status("Patient?_id=" + w.patient() + "&_revinclude=Observation:subject", w.secretary()))
        .isEqualTo(403);
    assertThat(status("Appointment?_include=Appointment:actor", w.secretary())).isEqualTo(403);
    assertThat(status("Appointment?_include=Appointment:actor:Patient", w.secretary())).isEqualTo(200);
    assertThat(status("Appointment?_include=*", w.secretary())).isEqualTo(403);
    assertThat(status("Patient?_id=" + w.patient() + "&_revinclude=Observation:subject", w.nurse()))
        .isEqualTo(200);
  }

  @Test
  void conditionalUrlsFollowTheSameRule() {
    Patient p = SecurityFixtures.patient("unused");
    p.setId((String) null);
    String body = FHIR.newJsonParser().encodeResourceToString(p);
    HttpResponse<String> create = res.send("POST", "Patient", body, w.secretary(),
        Map.of("If-None-Exist", "_has:Observation:subject:code=urn:test:lab|" + w.code()));
    assertThat(create.statusCode()).as(create.body()).isEqualTo(403);
    assertThat(res.send("PUT", "Patient?_has:Observation:subject:code=urn:test:lab%7C" + w.code(), body,
        w.secretary()).statusCode()).isEqualTo(403);
    assertThat(res.send("DELETE", "Patient?_has:Observation:subject:code=urn:test:lab%7C" + w.code(), null,
        w.secretary()).statusCode()).isEqualTo(403);
    assertThat(status("Patient/" + w.patient(), adminToken())).as("not deleted").isEqualTo(200);
  }

  @Test
  void aBrokenEscapeInAConditionalUrlIsTheClientsError() {
    Patient p = SecurityFixtures.patient("unused");
    p.setId((String) null);
    p.getNameFirstRep().setFamily(SecurityFixtures.newId("broken-escape"));
    String body = FHIR.newJsonParser().encodeResourceToString(p);
    HttpResponse<String> create = res.send("POST", "Patient", body, w.secretary(),
        Map.of("If-None-Exist", "identifier=urn:test|%zz"));
    assertThat(create.statusCode()).as(create.body()).isEqualTo(400);
    assertThat(create.body()).contains("OperationOutcome").contains("percent-encoding");
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    tx.addEntry().setResource(p).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient")
        .setIfNoneExist("identifier=urn:test|%");
    HttpResponse<String> r = res.send("POST", "", FHIR.newJsonParser().encodeResourceToString(tx), w.secretary());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    Bundle found = FHIR.newJsonParser().parseResource(Bundle.class,
        res.send("GET", "Patient?family=" + p.getNameFirstRep().getFamily(), null, adminToken()).body());
    assertThat(found.getEntry()).as("nothing stored").isEmpty();
  }

  @Test
  void patientFiltersStayInTheirOwnCompartment() {
    // a patient may search every type of their own record, so these are narrowed, not refused
    assertThat(status("Patient?_has:Observation:subject:code=urn:test:lab%7C" + w.code(), w.patientToken()))
        .isEqualTo(200);
    assertThat(status("Observation?subject:Patient.family=" + w.family(), w.patientToken())).isEqualTo(200);
  }

  @Test
  void batchEntriesAreRefusedOneByOne() {
    Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
    batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient?_id=" + w.patient());
    batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET)
        .setUrl("Patient?_has:Observation:subject:code=urn:test:lab|" + w.code());
    batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET)
        .setUrl("Patient?_id=" + w.patient() + "&_revinclude=Observation:subject");
    HttpResponse<String> r = res.send("POST", "", FHIR.newJsonParser().encodeResourceToString(batch), w.secretary());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Bundle answers = FHIR.newJsonParser().parseResource(Bundle.class, r.body());
    assertThat(answers.getEntry()).extracting(e -> e.getResponse().getStatus().substring(0, 3))
        .containsExactly("200", "403", "403");
  }
}
