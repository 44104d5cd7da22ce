package org.neurofhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.Poll;
import org.neurofhir.server.support.ServerTestBase;
import org.neurofhir.server.support.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;

/** Secrets cannot be tried without end at the token endpoint, and the tries cannot grow the audit trail without end. */
class SignInRateLimitTest extends ServerTestBase {

  @Autowired SecurityProperties props;

  @Test
  void aClientWhoseSecretFailsTooOftenIsRefusedUntilTheMinuteEndsAndAuditedOnce() throws Exception {
    // the limit counts per minute: start early in one, so that all attempts fall into it
    int second = Instant.now().atZone(ZoneOffset.UTC).getSecond();
    if (second > 30) {
      Thread.sleep((61 - second) * 1000L);
    }
    String id = unique("limited-");
    String secret = tokens().createClient(id, List.of("system/Patient.rs"));
    int limit = props.signInRateLimit().failuresPerMinutePerClient();
    for (int i = 0; i < limit; i++) {
      assertThat(tokens().clientCredentials(id, "wrong-" + i, null).status()).as("attempt %d", i).isEqualTo(401);
    }
    for (int i = 0; i < 5; i++) {
      TestTokens.TokenResponse refused = tokens().clientCredentials(id, secret, null);
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.json().toString()).contains("too_many_requests");
    }
    // another client is not held back by this one's failures
    assertThat(tokens().clientCredentials("test-pacs", "test-pacs-secret", null).status()).isEqualTo(200);

    Poll.until(Duration.ofSeconds(30), "failed sign-ins audited", () -> auditEvents("agent-name=" + id).stream()
        .filter(e -> e.getOutcome() == AuditEvent.AuditEventOutcome._4).count() == limit);
    Poll.until(Duration.ofSeconds(30), "the burst audited", () -> !refusalsOf(id).isEmpty());
    Thread.sleep(1000); // the outbox drains every 200 ms: give a wrongly audited second refusal time to show
    assertThat(refusalsOf(id)).as("five refused attempts, one event").hasSize(1);
  }

  private List<AuditEvent> refusalsOf(String clientId) {
    return auditEvents("entity-name=/oauth2/token&_count=200").stream()
        .filter(e -> e.getSubtype().stream().anyMatch(c -> "rate-limited".equals(c.getCode())))
        .filter(e -> e.getOutcomeDesc().contains("client " + clientId))
        .toList();
  }

  private List<AuditEvent> auditEvents(String query) {
    return client.search().byUrl("AuditEvent?" + query).cacheControl(new CacheControlDirective().setNoCache(true))
        .returnBundle(Bundle.class).execute().getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
  }
}
