package org.neurofhir.server.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import org.neurofhir.server.security.Caller;
import org.neurofhir.server.security.CallerAuthenticationToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Every call to the admin API ({@code /admin/**}: users, signing keys) that got past the security filters, with
 * its outcome: who, what path, which HTTP method, the status. Request bodies are not recorded (they carry
 * passwords). Refusals before the controller are recorded by {@link RefusedRequestAuditListener}.
 */
class AdminRequestAuditInterceptor implements HandlerInterceptor {

  private static final Logger log = LoggerFactory.getLogger(AdminRequestAuditInterceptor.class);

  private final AuditOutbox outbox;
  private final Clock clock;

  AdminRequestAuditInterceptor(AuditOutbox outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  @Override
  public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
    Caller caller = CallerAuthenticationToken.current().orElse(null);
    int status = ex != null && response.getStatus() < 400 ? 500 : response.getStatus();
    AuditRecord r = new AuditRecord(
        clock.instant(),
        "admin",
        "admin-" + request.getMethod().toLowerCase(java.util.Locale.ROOT),
        HttpActions.action(request.getMethod()),
        status,
        caller == null ? null : caller.subject(),
        caller == null ? null : caller.clientId(),
        request.getRequestURI(),
        request.getRemoteAddr(),
        request.getMethod() + " " + request.getRequestURI() + (ex == null ? "" : " — " + ex.getMessage()));
    try {
      outbox.add(r);
    } catch (RuntimeException e) {
      // the change is made; failing the response now would not undo it
      log.error("AUDIT RECORD LOST {} — outbox insert failed: {}", r, e.getMessage());
    }
  }
}
