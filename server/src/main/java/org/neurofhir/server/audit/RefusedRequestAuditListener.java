package org.neurofhir.server.audit;

import java.time.Clock;
import org.neurofhir.server.security.Caller;
import org.neurofhir.server.security.RequestRefusedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Requests refused by the security filters (401, 403, 429) or the size limit (413) never reach HAPI, so {@link FhirAuditInterceptor} does
 * not see them; they are recorded here, as security alerts, with whoever the token named when it was valid.
 */
@Component
public class RefusedRequestAuditListener {

  private static final Logger log = LoggerFactory.getLogger(RefusedRequestAuditListener.class);

  private final AuditOutbox outbox;
  private final Clock clock;

  public RefusedRequestAuditListener(AuditOutbox outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  @EventListener
  public void refused(RequestRefusedEvent event) {
    Caller caller = event.caller().orElse(null);
    AuditRecord r = new AuditRecord(
        clock.instant(),
        "access",
        switch (event.status()) {
          case 401 -> "unauthenticated";
          case 413 -> "too-large";
          case 429 -> "rate-limited";
          default -> "forbidden";
        },
        HttpActions.action(event.method()),
        event.status(),
        caller == null ? null : caller.subject(),
        caller == null ? null : caller.clientId(),
        HttpActions.entity(event.path()),
        event.remoteAddress(),
        event.method() + " " + event.path() + (event.reason() == null ? "" : " — " + event.reason()));
    try {
      outbox.add(r);
    } catch (RuntimeException e) {
      // the refusal stands either way; the loss is logged loudly
      log.error("AUDIT RECORD LOST {} — outbox insert failed: {}", r, e.getMessage());
    }
  }
}
