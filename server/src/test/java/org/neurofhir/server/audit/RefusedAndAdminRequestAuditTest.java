package org.neurofhir.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.Poll;
import org.neurofhir.server.support.ServerTestBase;
import org.neurofhir.server.support.TestTokens;

/**
 * Requests the security filters turn away before HAPI (401, 403, 429) and calls to the admin API are in the audit
 * trail too: who (when known), from where, what, and the outcome.
 */
class RefusedAndAdminRequestAuditTest extends ServerTestBase {

  private static final CacheControlDirective NO_CACHE = new CacheControlDirective().setNoCache(true);

  private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      withToken(b, token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private AuditEvent awaitEvent(String entity, String subtype) {
    AuditEvent[] found = new AuditEvent[1];
    Poll.until(Duration.ofSeconds(20), subtype + " of " + entity, () -> {
      Bundle b = client.search().byUrl("AuditEvent?entity-name=" + entity + "&_count=50")
          .cacheControl(NO_CACHE).returnBundle(Bundle.class).execute();
      Optional<AuditEvent> match = b.getEntry().stream().map(e -> (AuditEvent) e.getResource())
          .filter(e -> entity.equals(e.getEntityFirstRep().getName()))
          .filter(e -> e.getSubtype().stream().anyMatch(c -> subtype.equals(c.getCode())))
          .findFirst();
      found[0] = match.orElse(null);
      return found[0] != null;
    });
    return found[0];
  }

  @Test
  void requestWithoutTokenIsAudited() throws Exception {
    String id = unique("no-token");
    HttpResponse<String> r = send("GET", "/fhir/Patient/" + id, null, null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("OperationOutcome");
    AuditEvent e = awaitEvent("Patient/" + id, "unauthenticated");
    assertThat(e.getType().getCode()).isEqualTo("110113");
    assertThat(e.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
    assertThat(e.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
    assertThat(e.getAgentFirstRep().getName()).isEqualTo("anonymous");
    assertThat(e.getAgentFirstRep().getNetwork().getAddress()).isNotBlank();
  }

  @Test
  void requestWithInvalidTokenIsAudited() throws Exception {
    String id = unique("bad-token");
    HttpResponse<String> r = send("DELETE", "/fhir/Observation/" + id, "not-a-jwt", null);
    assertThat(r.statusCode()).isEqualTo(401);
    AuditEvent e = awaitEvent("Observation/" + id, "unauthenticated");
    assertThat(e.getAction()).isEqualTo(AuditEvent.AuditEventAction.D);
    assertThat(e.getOutcomeDesc()).contains("401");
  }

  @Test
  void forbiddenAdminCallIsAuditedWithTheCaller() throws Exception {
    String nurse = tokenFor("nurse");
    String target = unique("victim");
    HttpResponse<String> r = send("POST", "/admin/users/" + target + "/suspend", nurse, null);
    assertThat(r.statusCode()).isEqualTo(403);
    AuditEvent e = awaitEvent("/admin/users/" + target + "/suspend", "forbidden");
    assertThat(e.getAgentFirstRep().getName()).startsWith("test-nurse-");
    assertThat(e.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
  }

  @Test
  void rateLimitedRequestIsAuditedWithTheClient() throws Exception {
    String token = tokens().clientCredentials("test-throttled", "test-throttled-secret", null).accessToken();
    String id = unique("throttled");
    int throttled = 0;
    for (int i = 0; i < 7; i++) {
      if (send("GET", "/fhir/Patient/" + id, token, null).statusCode() == 429) {
        throttled++;
      }
    }
    assertThat(throttled).isPositive();
    AuditEvent e = awaitEvent("Patient/" + id, "rate-limited");
    assertThat(e.getAgentFirstRep().getName()).isEqualTo("test-throttled");
    assertThat(e.getAgentFirstRep().getAltId()).isEqualTo("test-throttled");
  }

  @Test
  void oversizedRequestIsAudited() throws Exception {
    String id = unique("too-big");
    String big = "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"text\":{\"status\":\"generated\",\"div\":\""
        + "a".repeat(3 * 1024 * 1024) + "\"}}";
    HttpResponse<String> r = http.send(authorized(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient/" + id)))
        .header("Content-Type", "application/fhir+json")
        .PUT(HttpRequest.BodyPublishers.ofString(big)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
    AuditEvent e = awaitEvent("Patient/" + id, "too-large");
    assertThat(e.getAction()).isEqualTo(AuditEvent.AuditEventAction.U);
    assertThat(e.getOutcomeDesc()).contains("413");
  }

  @Test
  void adminUserManagementIsAudited() throws Exception {
    String username = unique("audited-");
    tokens().createUser(username, "a-long-enough-password", List.of("nurse"), null);
    HttpResponse<String> suspended = send("POST", "/admin/users/" + username + "/suspend", adminToken(), null);
    assertThat(suspended.statusCode()).isEqualTo(200);
    HttpResponse<String> refused = send("POST", "/admin/users/" + username + "/password", adminToken(), "{\"password\":\"short\"}");
    assertThat(refused.statusCode()).isEqualTo(400);

    AuditEvent suspend = awaitEvent("/admin/users/" + username + "/suspend", "admin-post");
    assertThat(suspend.getAgentFirstRep().getName()).isEqualTo(TestTokens.ADMIN_CLIENT);
    assertThat(suspend.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
    assertThat(suspend.getAgentFirstRep().getNetwork().getAddress()).isNotBlank();
    AuditEvent password = awaitEvent("/admin/users/" + username + "/password", "admin-post");
    assertThat(password.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
    // the request body (a password) is not recorded
    assertThat(FHIR.newJsonParser().encodeResourceToString(password)).doesNotContain("short");
    Bundle created = client.search().byUrl("AuditEvent?entity-name=/admin/users&agent-name=" + TestTokens.ADMIN_CLIENT
        + "&_count=200").cacheControl(NO_CACHE).returnBundle(Bundle.class).execute();
    assertThat(created.getEntry()).isNotEmpty();
  }

  @Test
  void signingKeyListIsAudited() throws Exception {
    assertThat(send("GET", "/admin/signing-keys", adminToken(), null).statusCode()).isEqualTo(200);
    AuditEvent e = awaitEvent("/admin/signing-keys", "admin-get");
    assertThat(e.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
  }
}
