package org.neurofhir.server.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.neurofhir.server.security.TokenIssuedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Logins (login page: users; token endpoint: clients authenticating with their secret) and token issues, to the
 * audit outbox. Bearer-token checks on each FHIR request are not logins; those requests are audited as interactions.
 */
@Component
public class AuthenticationAuditListener {

  private final AuditOutbox outbox;
  private final Clock clock;

  public AuthenticationAuditListener(AuditOutbox outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  @EventListener
  public void success(AuthenticationSuccessEvent event) {
    Authentication auth = event.getAuthentication();
    if (!(auth instanceof UsernamePasswordAuthenticationToken) && !isClientAuthentication(auth)) {
      return;
    }
    outbox.add(login(auth, 200, null));
  }

  @EventListener
  public void failure(AbstractAuthenticationFailureEvent event) {
    Authentication auth = event.getAuthentication();
    if (!(auth instanceof UsernamePasswordAuthenticationToken) && !isClientAuthentication(auth)) {
      return;
    }
    outbox.add(login(auth, 401, event.getException().getMessage()));
  }

  @EventListener
  public void tokenIssued(TokenIssuedEvent event) {
    outbox.add(new AuditRecord(clock.instant(), "token", "token-issued", "E", 200, event.subject(), event.clientId(),
        null, remoteAddress(), event.grantType() + " " + event.scopes()));
  }

  private AuditRecord login(Authentication auth, int status, String failure) {
    boolean client = isClientAuthentication(auth);
    String name = auth.getName();
    return new AuditRecord(clock.instant(), "login", client ? "client-login" : "login", "E", status,
        name, client ? name : null, null, remoteAddress(), failure);
  }

  private static boolean isClientAuthentication(Authentication auth) {
    return auth instanceof OAuth2ClientAuthenticationToken;
  }

  private static String remoteAddress() {
    return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs
        ? remoteAddress(attrs.getRequest())
        : null;
  }

  private static String remoteAddress(HttpServletRequest request) {
    return request.getRemoteAddr();
  }
}
