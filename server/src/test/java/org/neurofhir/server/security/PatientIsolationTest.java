package org.neurofhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.SecurityFixtures;
import org.neurofhir.server.support.ServerTestBase;

/**
 * A patient user reaches their own compartment and nobody else's, by every route FHIR offers. "Refused" means
 * either 403 or a response that does not mention the other patient or their data.
 */
class PatientIsolationTest extends ServerTestBase {

  /** Patient "mine" (the caller) and "other", each with an Observation; one of mine points at other (focus). */
  record World(String mine, String other, String myObs, String otherObs, String focusObs, String token) {}

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
    String mine = SecurityFixtures.newId("iso-me");
    String other = SecurityFixtures.newId("iso-other");
    res.put(SecurityFixtures.patient(mine), admin);
    res.put(SecurityFixtures.patient(other), admin);
    String myObs = SecurityFixtures.newId("iso-myobs");
    String otherObs = SecurityFixtures.newId("iso-otherobs");
    String focusObs = SecurityFixtures.newId("iso-focus");
    res.put(SecurityFixtures.ofType("Observation", myObs, mine), admin);
    res.put(SecurityFixtures.ofType("Observation", otherObs, other), admin);
    Observation focus = (Observation) SecurityFixtures.ofType("Observation", focusObs, mine);
    focus.addFocus(new Reference("Patient/" + other));
    res.put(focus, admin);
    return new World(mine, other, myObs, otherObs, focusObs, patientToken(mine));
  }

  private HttpResponse<String> get(String path) {
    return res.send("GET", path, null, w.token());
  }

  private void assertNoOtherPatientData(HttpResponse<String> r) {
    if (r.statusCode() == 403) {
      return;
    }
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    // ids of every resource returned, nested bundles (batch responses) included; references from my own data
    // to the other patient (Observation.focus) are mine to see, their resources are not
    List<String> returned = new ArrayList<>();
    collectIds(FHIR.newJsonParser().parseResource(r.body()), returned);
    assertThat(returned).doesNotContain("Patient/" + w.other(), "Observation/" + w.otherObs());
  }

  private static void collectIds(IBaseResource resource, List<String> out) {
    if (resource instanceof Bundle bundle) {
      for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
        if (e.getResource() != null) {
          collectIds(e.getResource(), out);
        }
      }
      return;
    }
    out.add(resource.getIdElement().toUnqualifiedVersionless().getValue());
  }

  @Test
  void readOfOtherPatientAndTheirDataIsRefused() {
    assertThat(get("Patient/" + w.mine()).statusCode()).isEqualTo(200);
    assertThat(get("Observation/" + w.myObs()).statusCode()).isEqualTo(200);
    assertThat(get("Patient/" + w.other()).statusCode()).isEqualTo(403);
    assertThat(get("Observation/" + w.otherObs()).statusCode()).isEqualTo(403);
  }

  @Test
  void searchReturnsOnlyOwnData() {
    HttpResponse<String> all = get("Observation?_count=100");
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.body()).contains(w.myObs());
    assertNoOtherPatientData(all);
    assertNoOtherPatientData(get("Observation?subject=Patient/" + w.other()));
    assertNoOtherPatientData(get("Patient?_count=100"));
  }

  @Test
  void includeCannotPullInOtherPatient() {
    assertNoOtherPatientData(get("Observation?_id=" + w.focusObs() + "&_include=Observation:focus"));
    assertNoOtherPatientData(get("Observation?_include=Observation:subject&_include=Observation:focus"));
  }

  @Test
  void revincludeCannotPullInOtherPatientsData() {
    HttpResponse<String> own = get("Patient?_revinclude=Observation:subject");
    assertNoOtherPatientData(own);
    assertNoOtherPatientData(get("Patient?_id=" + w.other() + "&_revinclude=Observation:subject"));
  }

  @Test
  void chainedSearchCannotReachOtherPatient() {
    String otherFamily = "Fam" + w.other().replace("-", "");
    assertNoOtherPatientData(get("Observation?subject.family=" + otherFamily));
    assertNoOtherPatientData(get("Observation?subject:Patient._id=" + w.other()));
    assertNoOtherPatientData(get("Patient?_has:Observation:subject:_id=" + w.otherObs()));
  }

  @Test
  void historyOfOtherPatientIsRefused() {
    assertThat(get("Patient/" + w.other() + "/_history").statusCode()).isEqualTo(403);
    assertThat(get("Observation/" + w.otherObs() + "/_history").statusCode()).isEqualTo(403);
    assertNoOtherPatientData(get("Observation/_history?_count=500"));
    assertNoOtherPatientData(get("_history?_count=500"));
  }

  @Test
  void everythingOfOtherPatientIsRefused() {
    assertThat(get("Patient/" + w.other() + "/$everything").statusCode()).isEqualTo(403);
    HttpResponse<String> own = get("Patient/" + w.mine() + "/$everything");
    assertNoOtherPatientData(own);
  }

  @Test
  void batchEntriesForOtherPatientAreRefused() {
    Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
    batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/" + w.other());
    batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Observation?subject=Patient/" + w.other());
    batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Observation/" + w.otherObs());
    HttpResponse<String> r = res.send("POST", "", FHIR.newJsonParser().encodeResourceToString(batch), w.token());
    assertNoOtherPatientData(r);
    // each entry answers as it would alone: the reads 403, the search narrowed to the caller (403 or nothing)
    assertThat(r.statusCode()).isEqualTo(200);
    Bundle response = FHIR.newJsonParser().parseResource(Bundle.class, r.body());
    assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("403");
    assertThat(response.getEntry().get(2).getResponse().getStatus()).startsWith("403");
  }

  @Test
  void transactionWritingToOtherPatientIsRefused() {
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Appointment booking = (Appointment) SecurityFixtures.ofType("Appointment", "x", w.other());
    booking.setId((String) null);
    tx.addEntry().setResource(booking).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Appointment");
    HttpResponse<String> r = res.send("POST", "", FHIR.newJsonParser().encodeResourceToString(tx), w.token());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);

    Bundle own = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Appointment mine = (Appointment) SecurityFixtures.ofType("Appointment", "x", w.mine());
    mine.setId((String) null);
    own.addEntry().setResource(mine).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Appointment");
    assertThat(res.send("POST", "", FHIR.newJsonParser().encodeResourceToString(own), w.token()).statusCode())
        .isEqualTo(200);
  }

  @Test
  void conditionalOperationsCannotReachOtherPatient() {
    Appointment booking = (Appointment) SecurityFixtures.ofType("Appointment", "x", w.other());
    booking.setId((String) null);
    String body = FHIR.newJsonParser().encodeResourceToString(booking);
    assertThat(res.send("PUT", "Appointment?patient=Patient/" + w.other(), body, w.token()).statusCode())
        .isEqualTo(403);
    assertThat(res.send("POST", "Appointment", body, w.token(), Map.of("If-None-Exist", "patient=Patient/" + w.other()))
        .statusCode()).isEqualTo(403);
    assertThat(res.send("DELETE", "Observation?subject=Patient/" + w.other(), null, w.token()).statusCode())
        .isEqualTo(403);
    assertThat(res.send("GET", "Observation/" + w.otherObs(), null, adminToken()).statusCode()).isEqualTo(200);
  }
}
