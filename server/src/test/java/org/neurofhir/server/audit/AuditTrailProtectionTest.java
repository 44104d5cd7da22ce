package org.neurofhir.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.Poll;
import org.neurofhir.server.support.SecurityFixtures;
import org.neurofhir.server.support.ServerTestBase;

/**
 * The audit trail cannot be changed or erased through the FHIR API, by any route, with the admin's token: each
 * attempt is refused with an OperationOutcome, the AuditEvent is unchanged afterwards, and the attempt is itself
 * in the audit trail.
 */
class AuditTrailProtectionTest extends ServerTestBase {

  private static final CacheControlDirective NO_CACHE = new CacheControlDirective().setNoCache(true);
  private static final String EXPUNGE_ALL_OF_IT = """
      {"resourceType":"Parameters","parameter":[
        {"name":"expungeDeletedResources","valueBoolean":true},
        {"name":"expungePreviousVersions","valueBoolean":true},
        {"name":"limit","valueInteger":1000}]}""";

  private SecurityFixtures fhir;
  private String auditEventId;
  private String versionBefore;

  /** An AuditEvent of this test's own: the record of a Patient update. */
  @BeforeEach
  void anAuditEvent() {
    fhir = new SecurityFixtures(FHIR, http, fhirBase());
    String patientId = unique("guarded");
    Patient p = new Patient();
    p.setId("Patient/" + patientId);
    client.update().resource(p).execute();
    Poll.until(Duration.ofSeconds(20), "AuditEvent of Patient/" + patientId, () -> {
      Bundle b = client.search().byUrl("AuditEvent?entity-name=Patient/" + patientId)
          .cacheControl(NO_CACHE).returnBundle(Bundle.class).execute();
      if (b.getEntry().isEmpty()) {
        return false;
      }
      AuditEvent e = (AuditEvent) b.getEntryFirstRep().getResource();
      auditEventId = e.getIdElement().getIdPart();
      versionBefore = e.getMeta().getVersionId();
      return true;
    });
  }

  private void assertRefusedAndIntact(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isIn(403, 405);
    assertThat(r.body()).contains("OperationOutcome");
    assertIntact();
  }

  private void assertIntact() {
    AuditEvent now = client.read().resource(AuditEvent.class).withId(auditEventId).cacheControl(NO_CACHE).execute();
    assertThat(now.getMeta().getVersionId()).isEqualTo(versionBefore);
  }

  private HttpResponse<String> send(String method, String path, String body) {
    return fhir.send(method, path, body, adminToken());
  }

  private String auditEventJson() {
    AuditEvent e = client.read().resource(AuditEvent.class).withId(auditEventId).execute();
    e.getAgentFirstRep().setName("someone-else");
    return FHIR.newJsonParser().encodeResourceToString(e);
  }

  @Test
  void updateIsRefused() {
    assertRefusedAndIntact(send("PUT", "AuditEvent/" + auditEventId, auditEventJson()));
  }

  @Test
  void patchIsRefused() throws Exception {
    String patch = "[{\"op\":\"replace\",\"path\":\"/agent/0/name\",\"value\":\"someone-else\"}]";
    HttpRequest request = authorized(HttpRequest.newBuilder(URI.create(fhirBase() + "/AuditEvent/" + auditEventId)))
        .header("Content-Type", "application/json-patch+json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(patch))
        .build();
    assertRefusedAndIntact(http.send(request, HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  void createIsRefused() {
    String forged = FHIR.newJsonParser().encodeResourceToString(SecurityFixtures.ofType("AuditEvent", "x", "x"))
        .replace("\"id\":\"x\",", "");
    HttpResponse<String> r = send("POST", "AuditEvent", forged);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
  }

  @Test
  void deleteIsRefusedAndAudited() {
    assertRefusedAndIntact(send("DELETE", "AuditEvent/" + auditEventId, null));
    Poll.until(Duration.ofSeconds(20), "the refused delete in the audit trail", () -> client.search()
        .byUrl("AuditEvent?entity-name=AuditEvent/" + auditEventId + "&outcome=4").cacheControl(NO_CACHE)
        .returnBundle(Bundle.class).execute().getEntry().stream()
        .map(e -> (AuditEvent) e.getResource())
        .anyMatch(e -> e.getSubtype().stream().anyMatch(c -> "delete".equals(c.getCode()))
            && e.getAction() == AuditEvent.AuditEventAction.D));
  }

  @Test
  void conditionalDeleteIsRefused() {
    assertRefusedAndIntact(send("DELETE", "AuditEvent?_id=" + auditEventId, null));
  }

  @Test
  void deleteWithExpungeIsRefused() {
    assertRefusedAndIntact(send("DELETE", "AuditEvent?_id=" + auditEventId + "&_expunge=true", null));
  }

  @Test
  void cascadingDeleteIsRefused() {
    assertRefusedAndIntact(send("DELETE", "AuditEvent/" + auditEventId + "?_cascade=delete", null));
  }

  @Test
  void instanceExpungeIsRefused() {
    assertRefusedAndIntact(send("POST", "AuditEvent/" + auditEventId + "/$expunge", EXPUNGE_ALL_OF_IT));
  }

  @Test
  void typeExpungeIsRefused() {
    assertRefusedAndIntact(send("POST", "AuditEvent/$expunge", EXPUNGE_ALL_OF_IT));
  }

  @Test
  void systemExpungeEverythingIsRefused() {
    String everything = """
        {"resourceType":"Parameters","parameter":[{"name":"expungeEverything","valueBoolean":true}]}""";
    assertRefusedAndIntact(send("POST", "$expunge", everything));
    // the same request spelled in the URL
    assertRefusedAndIntact(send("POST", "$expunge?expungeEverything=true", null));
  }

  @Test
  void metaDeleteIsRefused() {
    String params = """
        {"resourceType":"Parameters","parameter":[{"name":"meta","valueMeta":{"tag":[{"system":"urn:x","code":"y"}]}}]}""";
    assertRefusedAndIntact(send("POST", "AuditEvent/" + auditEventId + "/$meta-delete", params));
  }

  @Test
  void transactionDeleteIsRefused() {
    String tx = """
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"request":{"method":"DELETE","url":"AuditEvent/%s"}}]}""".formatted(auditEventId);
    assertRefusedAndIntact(send("POST", "", tx));
  }

  @Test
  void transactionConditionalDeleteWithExpungeIsRefused() {
    String tx = """
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"request":{"method":"DELETE","url":"AuditEvent?_id=%s&_expunge=true"}}]}""".formatted(auditEventId);
    assertRefusedAndIntact(send("POST", "", tx));
  }

  @Test
  void transactionUpdateIsRefused() {
    String tx = """
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"resource":%s,"request":{"method":"PUT","url":"AuditEvent/%s"}}]}""".formatted(auditEventJson(), auditEventId);
    assertRefusedAndIntact(send("POST", "", tx));
  }

  @Test
  void batchDeleteEntryIsRefused() {
    String batch = """
        {"resourceType":"Bundle","type":"batch","entry":[
          {"request":{"method":"DELETE","url":"AuditEvent/%s"}}]}""".formatted(auditEventId);
    HttpResponse<String> r = send("POST", "", batch);
    // a batch answers 200 with one outcome per entry
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Bundle response = FHIR.newJsonParser().parseResource(Bundle.class, r.body());
    assertThat(response.getEntryFirstRep().getResponse().getStatus()).startsWith("403");
    assertIntact();
  }
}
