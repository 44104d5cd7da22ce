package org.neurofhir.server.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.time.Clock;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.neurofhir.server.security.Caller;
import org.neurofhir.server.security.CallerAuthenticationToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One audit record per FHIR interaction, written to the outbox once processing has finished (HAPI has streamed the
 * response by then), including refused and failed ones. {@code metadata} is public and not audited.
 */
public class FhirAuditInterceptor {

  private static final Logger log = LoggerFactory.getLogger(FhirAuditInterceptor.class);
  private static final String TOUCHED = FhirAuditInterceptor.class.getName() + ".touched";

  private final AuditOutbox outbox;
  private final Clock clock;

  public FhirAuditInterceptor(AuditOutbox outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  /** Remembers the id of a created resource, which the request itself does not carry. */
  @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
  public void outgoing(RequestDetails request, ResponseDetails response) {
    IBaseResource resource = response.getResponseResource();
    if (resource != null && !(resource instanceof IBaseBundle) && resource.getIdElement().hasIdPart()
        && resource.getIdElement().hasResourceType()) {
      request.getUserData().put(TOUCHED, resource.getIdElement().toUnqualifiedVersionless().getValue());
    }
  }

  @Hook(Pointcut.SERVER_PROCESSING_COMPLETED_NORMALLY)
  public void completed(ServletRequestDetails request) {
    record(request, request.getServletResponse() == null ? 200 : request.getServletResponse().getStatus(), null);
  }

  @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
  public boolean failed(RequestDetails request, BaseServerResponseException exception) {
    record(request, exception.getStatusCode(), exception.getMessage());
    return true;
  }

  private void record(RequestDetails request, int status, String failure) {
    RestOperationTypeEnum op = request.getRestOperationType();
    if (op == RestOperationTypeEnum.METADATA) {
      return;
    }
    Caller caller = CallerAuthenticationToken.current().orElse(null);
    String ip = request instanceof ServletRequestDetails s && s.getServletRequest() != null
        ? s.getServletRequest().getRemoteAddr()
        : null;
    AuditRecord r = new AuditRecord(
        clock.instant(),
        "rest",
        op == null ? "unknown" : op.getCode(),
        action(op),
        status,
        caller == null ? null : caller.subject(),
        caller == null ? null : caller.clientId(),
        entity(request),
        ip,
        failure);
    try {
      outbox.add(r);
    } catch (RuntimeException e) {
      // The interaction already happened; failing it now would not undo it. The loss is logged loudly.
      log.error("AUDIT RECORD LOST {} — outbox insert failed: {}", r, e.getMessage());
    }
  }

  private static String entity(RequestDetails request) {
    Object touched = request.getUserData().get(TOUCHED);
    String base;
    if (request.getId() != null && request.getId().hasIdPart()) {
      base = request.getId().toUnqualifiedVersionless().getValue();
    } else if (touched != null) {
      base = touched.toString();
    } else {
      base = request.getResourceName();
    }
    if (request.getOperation() != null) {
      return base == null ? request.getOperation() : base + "/" + request.getOperation();
    }
    return base;
  }

  static String action(RestOperationTypeEnum op) {
    if (op == null) {
      return "E";
    }
    return switch (op) {
      case CREATE -> "C";
      case READ, VREAD, SEARCH_TYPE, SEARCH_SYSTEM, HISTORY_INSTANCE, HISTORY_TYPE, HISTORY_SYSTEM, GET_PAGE -> "R";
      case UPDATE, PATCH, META_ADD, META_DELETE -> "U";
      case DELETE -> "D";
      default -> "E";
    };
  }
}
