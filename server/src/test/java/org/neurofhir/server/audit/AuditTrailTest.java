package org.neurofhir.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.Poll;
import org.neurofhir.server.support.ServerTestBase;
import org.neurofhir.server.support.TestTokens;
import org.springframework.beans.factory.annotation.Autowired;

/** Every FHIR interaction, login and token issue becomes an AuditEvent, via the durable outbox. */
class AuditTrailTest extends ServerTestBase {

  /** The server reuses identical search results for a while; polling must see new events. */
  private static final CacheControlDirective NO_CACHE = new CacheControlDirective().setNoCache(true);

  @Autowired AuditOutbox outbox;
  @Autowired AuditEventWriter writer;

  private List<AuditEvent> eventsAbout(String entity) {
    Bundle b = client.search().byUrl("AuditEvent?entity-name=" + entity + "&_count=50")
        .cacheControl(NO_CACHE).returnBundle(Bundle.class).execute();
    return b.getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
  }

  private AuditEvent awaitEvent(String entity, String subtype) {
    AuditEvent[] found = new AuditEvent[1];
    Poll.until(Duration.ofSeconds(20), subtype + " of " + entity, () -> {
      found[0] = eventsAbout(entity).stream()
          .filter(e -> e.getSubtype().stream().anyMatch(c -> c.getCode().equals(subtype)))
          .findFirst().orElse(null);
      return found[0] != null;
    });
    return found[0];
  }

  @Test
  void readAndWriteAreAudited() {
    String id = unique("aud");
    Patient p = new Patient();
    p.setId("Patient/" + id);
    p.addName().setFamily("Audited");
    client.update().resource(p).execute();
    client.read().resource(Patient.class).withId(id).execute();

    AuditEvent read = awaitEvent("Patient/" + id, "read");
    assertThat(read.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
    assertThat(read.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
    assertThat(read.getAgentFirstRep().getName()).isEqualTo(TestTokens.ADMIN_CLIENT);
    assertThat(read.getAgentFirstRep().getAltId()).isEqualTo(TestTokens.ADMIN_CLIENT);
    assertThat(read.getAgentFirstRep().getNetwork().getAddress()).isNotBlank();
    assertThat(read.getRecorded()).isNotNull();

    AuditEvent update = awaitEvent("Patient/" + id, "update");
    assertThat(update.getAction()).isEqualTo(AuditEvent.AuditEventAction.U);
  }

  @Test
  void createdResourceIdIsRecorded() {
    Patient p = new Patient();
    p.addName().setFamily("Created");
    String id = client.create().resource(p).execute().getId().toUnqualifiedVersionless().getValue();
    AuditEvent create = awaitEvent(id, "create");
    assertThat(create.getAction()).isEqualTo(AuditEvent.AuditEventAction.C);
  }

  @Test
  void refusedInteractionIsAuditedAsFailure() throws Exception {
    String id = unique("aud-refused");
    Patient p = new Patient();
    p.setId("Patient/" + id);
    client.update().resource(p).execute();
    String pacs = tokens().clientCredentials("test-pacs", "test-pacs-secret", null).accessToken();
    HttpResponse<String> r = http.send(withToken(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient/" + id)), pacs)
        .DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(403);
    AuditEvent refused = awaitEvent("Patient/" + id, "delete");
    assertThat(refused.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
    assertThat(refused.getAgentFirstRep().getName()).isEqualTo("test-pacs");
  }

  @Test
  void failedAndSuccessfulLoginsAndTokenIssueAreAudited() {
    String username = unique("aud-user-");
    tokens().createUser(username, "the-right-password", List.of("nurse"), null);
    assertThatThrownBy(() -> tokens().authorizationCode(username, "the-wrong-password", TestTokens.STAFF_SCOPES))
        .isInstanceOf(TestTokens.LoginRefused.class);
    tokens().authorizationCode(username, "the-right-password", TestTokens.STAFF_SCOPES);

    Poll.until(Duration.ofSeconds(20), "login events of " + username, () -> {
      Bundle b = client.search().byUrl("AuditEvent?agent-name=" + username + "&_count=50")
          .cacheControl(NO_CACHE).returnBundle(Bundle.class).execute();
      List<AuditEvent> events = b.getEntry().stream().map(e -> (AuditEvent) e.getResource()).toList();
      boolean failed = events.stream().anyMatch(e -> has(e, "login") && e.getOutcome() == AuditEvent.AuditEventOutcome._4);
      boolean ok = events.stream().anyMatch(e -> has(e, "login") && e.getOutcome() == AuditEvent.AuditEventOutcome._0);
      boolean token = events.stream().anyMatch(e -> has(e, "token-issued"));
      return failed && ok && token;
    });
  }

  @Test
  void recordsWaitDurablyInTheOutboxWhileTheWriterIsStopped() {
    String id = unique("aud-outbox");
    Patient p = new Patient();
    p.setId("Patient/" + id);
    writer.pause(true);
    try {
      client.update().resource(p).execute();
      // the record is committed to the outbox table (just after the response is sent) before the writer has
      // run: a crash now would not lose it
      Poll.until(Duration.ofSeconds(30), "outbox row for Patient/" + id,
          () -> outbox.oldest(10_000).stream().anyMatch(e -> ("Patient/" + id).equals(e.record().entity())));
      assertThat(eventsAbout("Patient/" + id)).isEmpty();
    } finally {
      writer.pause(false);
    }
    awaitEvent("Patient/" + id, "update");
    assertThat(outbox.oldest(10_000)).noneMatch(e -> ("Patient/" + id).equals(e.record().entity()));
  }

  @Test
  void drainingTwiceWritesTheSameEventsNotDuplicates() {
    String id = unique("aud-twice");
    Patient p = new Patient();
    p.setId("Patient/" + id);
    client.update().resource(p).execute();
    AuditEvent first = awaitEvent("Patient/" + id, "update");
    writer.drain();
    assertThat(eventsAbout("Patient/" + id).stream().filter(e -> has(e, "update")).count()).isEqualTo(1);
    assertThat(first.getIdElement().getIdPart()).startsWith("nf-audit-");
  }

  private static boolean has(AuditEvent e, String subtype) {
    return e.getSubtype().stream().anyMatch(c -> subtype.equals(c.getCode()));
  }
}
