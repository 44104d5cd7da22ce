package org.neurofhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.SecurityFixtures;
import org.neurofhir.server.support.ServerTestBase;

/**
 * Each entry of a batch is answered as the same request sent alone: same status, same resources found, and a
 * refused entry refuses only itself. (A transaction stays all or nothing: one refused entry refuses the bundle.)
 */
class BatchEquivalenceTest extends ServerTestBase {

  record World(String mine, String other, String myObs, String otherObs, String patientToken) {}

  /** One request: method, URL relative to the base, body (writes) or null. */
  record Ask(String method, String url, Resource body) {}

  /** What came back: the status code and the sorted ids of the resources in the answer (search sets unwrapped). */
  record Answer(int status, TreeSet<String> ids) {}

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
    String mine = SecurityFixtures.newId("beq-me");
    String other = SecurityFixtures.newId("beq-other");
    res.put(SecurityFixtures.patient(mine), admin);
    res.put(SecurityFixtures.patient(other), admin);
    String myObs = SecurityFixtures.newId("beq-myobs");
    String otherObs = SecurityFixtures.newId("beq-otherobs");
    res.put(SecurityFixtures.ofType("Observation", myObs, mine), admin);
    res.put(SecurityFixtures.ofType("Observation", otherObs, other), admin);
    return new World(mine, other, myObs, otherObs, patientToken(mine));
  }

  private static Appointment appointmentFor(String patientId) {
    Appointment a = (Appointment) SecurityFixtures.ofType("Appointment", "x", patientId);
    a.setId((String) null);
    return a;
  }

  @Test
  void patientsBatchEntriesAnswerAsAlone() {
    List<Ask> asks = List.of(
        new Ask("GET", "Patient/" + w.mine(), null),
        new Ask("GET", "Patient/" + w.other(), null),
        new Ask("GET", "Observation/" + w.myObs(), null),
        new Ask("GET", "Observation/" + w.otherObs(), null),
        new Ask("GET", "Observation?_id=" + w.myObs() + "," + w.otherObs(), null),
        new Ask("GET", "Observation?subject=Patient/" + w.other(), null),
        new Ask("GET", "Patient/" + w.other() + "/_history", null),
        new Ask("POST", "Appointment", appointmentFor(w.other())),
        new Ask("GET", "Observation?code:text=heart", null));
    assertEntriesAnswerAsAlone(asks, w.patientToken(), true);
  }

  @Test
  void aRefusedWriteInABatchStoresNothingAndTheOthersGoThrough() {
    String marker = SecurityFixtures.newId("beq-marker");
    Appointment mine = appointmentFor(w.mine());
    mine.setDescription(marker);
    Appointment theirs = appointmentFor(w.other());
    theirs.setDescription(marker);
    Bundle batch = batchOf(List.of(new Ask("POST", "Appointment", theirs), new Ask("POST", "Appointment", mine)));
    HttpResponse<String> r = res.send("POST", "", FHIR.newJsonParser().encodeResourceToString(batch), w.patientToken());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Bundle answer = FHIR.newJsonParser().parseResource(Bundle.class, r.body());
    assertThat(answer.getEntry().get(0).getResponse().getStatus()).startsWith("403");
    assertThat(answer.getEntry().get(1).getResponse().getStatus()).startsWith("201");
    // only the caller's own appointment was stored
    HttpResponse<String> stored = res.send("GET", "Appointment?_count=50&_elements=description,participant", null,
        adminToken());
    assertThat(stored.body()).contains(w.mine());
    long withMarker = FHIR.newJsonParser().parseResource(Bundle.class, stored.body()).getEntry().stream()
        .map(e -> (Appointment) e.getResource())
        .filter(a -> marker.equals(a.getDescription()))
        .count();
    assertThat(withMarker).isEqualTo(1);
  }

  @Test
  void secretarysBatchEntriesAnswerAsAlone() {
    List<Ask> asks = List.of(
        new Ask("GET", "Patient/" + w.mine(), null),
        new Ask("GET", "Observation/" + w.myObs(), null),
        new Ask("GET", "Patient?_has:Observation:subject:_id=" + w.myObs(), null),
        new Ask("GET", "Patient?_id=" + w.mine() + "&_revinclude=Observation:subject", null),
        new Ask("GET", "Appointment?_count=1", null));
    assertEntriesAnswerAsAlone(asks, tokenFor("secretary"), false);
  }

  @Test
  void aTransactionWithOneRefusedEntryIsRefusedWhole() {
    Bundle tx = batchOf(List.of(new Ask("POST", "Appointment", appointmentFor(w.mine())),
        new Ask("POST", "Appointment", appointmentFor(w.other()))));
    tx.setType(Bundle.BundleType.TRANSACTION);
    HttpResponse<String> r = res.send("POST", "", FHIR.newJsonParser().encodeResourceToString(tx), w.patientToken());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
  }

  /** @param narrowed the caller's searches are narrowed to its own compartment (a patient) */
  private void assertEntriesAnswerAsAlone(List<Ask> asks, String token, boolean narrowed) {
    List<Answer> alone = new ArrayList<>();
    for (Ask ask : asks) {
      String body = ask.body() == null ? null : FHIR.newJsonParser().encodeResourceToString(ask.body());
      HttpResponse<String> r = res.send(ask.method(), ask.url(), body, token);
      alone.add(new Answer(r.statusCode(), idsIn(r.body(), r.statusCode())));
    }
    HttpResponse<String> r =
        res.send("POST", "", FHIR.newJsonParser().encodeResourceToString(batchOf(asks)), token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Bundle answer = FHIR.newJsonParser().parseResource(Bundle.class, r.body());
    assertThat(answer.getEntry()).hasSameSizeAs(asks);
    for (int i = 0; i < asks.size(); i++) {
      Bundle.BundleEntryComponent entry = answer.getEntry().get(i);
      int status = Integer.parseInt(entry.getResponse().getStatus().substring(0, 3));
      TreeSet<String> ids = new TreeSet<>();
      if (status < 300 && entry.getResource() != null) {
        collectIds(entry.getResource(), ids);
      }
      Answer inBatch = new Answer(status, ids);
      Answer expected = alone.get(i);
      if (asks.get(i).method().equals("POST")) {
        // a create makes a new id each time: compare the outcome only
        assertThat(inBatch.status()).as(asks.get(i).url()).isEqualTo(expected.status());
      } else if (narrowed && asks.get(i).url().contains("?") && refusal(expected)) {
        // a patient's search naming another patient is narrowed to their own compartment: HAPI answers it with 403
        // or with nothing found, depending on which compartment parameter it narrows by; either refuses
        assertThat(refusal(inBatch)).as(asks.get(i).url() + " " + inBatch).isTrue();
      } else {
        assertThat(inBatch).as(asks.get(i).method() + " " + asks.get(i).url()).isEqualTo(expected);
      }
      if (status >= 400) {
        assertThat(entry.getResponse().getOutcome()).isInstanceOf(OperationOutcome.class);
      }
    }
  }

  private static boolean refusal(Answer answer) {
    return answer.status() == 403 || (answer.status() == 200 && answer.ids().isEmpty());
  }

  private static Bundle batchOf(List<Ask> asks) {
    Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
    for (Ask ask : asks) {
      Bundle.BundleEntryComponent e = batch.addEntry();
      e.getRequest().setMethod(Bundle.HTTPVerb.fromCode(ask.method())).setUrl(ask.url());
      if (ask.body() != null) {
        e.setResource(ask.body().copy());
      }
    }
    return batch;
  }

  private static TreeSet<String> idsIn(String body, int status) {
    TreeSet<String> ids = new TreeSet<>();
    if (status < 300 && body != null && !body.isBlank()) {
      collectIds(FHIR.newJsonParser().parseResource(body), ids);
    }
    return ids;
  }

  private static void collectIds(IBaseResource resource, TreeSet<String> out) {
    if (resource instanceof Bundle bundle) {
      for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
        if (e.getResource() != null) {
          collectIds(e.getResource(), out);
        }
      }
      return;
    }
    if (!(resource instanceof OperationOutcome)) {
      out.add(resource.getIdElement().toUnqualifiedVersionless().getValue());
    }
  }
}
