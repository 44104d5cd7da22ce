package org.neurofhir.server.security;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * How the resource server answers 401 and 403 itself (before HAPI): Spring's bearer-token answer
 * ({@code WWW-Authenticate}), plus an OperationOutcome body a FHIR client can show, plus a
 * {@link RequestRefusedEvent} so the refusal lands in the audit trail like any FHIR interaction.
 */
final class RefusalResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  private final AuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
  private final AccessDeniedHandler bearerAccessDenied = new BearerTokenAccessDeniedHandler();
  private final ApplicationEventPublisher events;

  RefusalResponses(ApplicationEventPublisher events) {
    this.events = events;
  }

  @Override
  public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException, ServletException {
    bearerEntryPoint.commence(request, response, e);
    String reason = e.getMessage() == null ? "authentication required" : e.getMessage();
    write(response, OperationOutcome.IssueType.LOGIN, "A valid bearer token is required: " + reason);
    publish(events, request, response.getStatus(), reason);
  }

  @Override
  public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException, ServletException {
    bearerAccessDenied.handle(request, response, e);
    write(response, OperationOutcome.IssueType.FORBIDDEN, "Not permitted for this token's role or scopes");
    publish(events, request, response.getStatus(), e.getMessage());
  }

  static void publish(ApplicationEventPublisher events, HttpServletRequest request, int status, String reason) {
    events.publishEvent(new RequestRefusedEvent(status, request.getMethod(), request.getRequestURI(),
        request.getRemoteAddr(), CallerAuthenticationToken.current(), reason));
  }

  static void write(HttpServletResponse response, OperationOutcome.IssueType code, String diagnostics)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(code).setDiagnostics(diagnostics);
    response.setContentType("application/fhir+json;charset=UTF-8");
    response.getWriter().write(FHIR.newJsonParser().encodeResourceToString(outcome));
  }
}
