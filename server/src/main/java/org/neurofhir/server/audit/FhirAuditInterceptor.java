package org.neurofhir.server.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.EncodingEnum;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.neurofhir.server.security.Caller;
import org.neurofhir.server.security.CallerAuthenticationToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One audit record per FHIR interaction, written to the outbox once processing has finished (HAPI has streamed the
 * response by then), including refused and failed ones; a batch or transaction adds one record per entry
 * ({@link BundleEntryRecords}). {@code metadata} is public and not audited.
 */
public class FhirAuditInterceptor {

  private static final Logger log = LoggerFactory.getLogger(FhirAuditInterceptor.class);
  private static final String TOUCHED = FhirAuditInterceptor.class.getName() + ".touched";
  private static final String BUNDLE_RESPONSE = FhirAuditInterceptor.class.getName() + ".bundleResponse";

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
    if (resource instanceof Bundle bundle && request.getRestOperationType() == RestOperationTypeEnum.TRANSACTION) {
      request.getUserData().put(BUNDLE_RESPONSE, bundle);
    }
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
    add(r);
    if (op == RestOperationTypeEnum.TRANSACTION) {
      Bundle asked = requestBundle(request);
      if (asked != null) {
        Bundle answered = request.getUserData().get(BUNDLE_RESPONSE) instanceof Bundle b ? b : null;
        for (BundleEntryRecords.Entry e : BundleEntryRecords.of(asked, answered, status, failure)) {
          add(new AuditRecord(r.recordedAt(), "rest", e.subtype(), e.action(), e.status(), r.username(),
              r.clientId(), e.entity(), ip, e.detail()));
        }
      }
    }
  }

  private void add(AuditRecord r) {
    try {
      outbox.add(r);
    } catch (RuntimeException e) {
      // The interaction already happened; failing it now would not undo it. The loss is logged loudly.
      log.error("AUDIT RECORD LOST {} — outbox insert failed: {}", r, e.getMessage());
    }
  }

  /**
   * The bundle as the client sent it, parsed again from the body HAPI keeps: HAPI's own parsed copy is worked on
   * while the bundle runs (entry URLs narrowed to the caller's compartment, ids assigned), so it no longer says
   * what was asked.
   */
  private static Bundle requestBundle(RequestDetails request) {
    try {
      byte[] body = request.loadRequestContents();
      if (body == null || body.length == 0) {
        return request.getResource() instanceof Bundle bundle ? bundle : null;
      }
      String text = new String(body, StandardCharsets.UTF_8);
      EncodingEnum encoding = EncodingEnum.detectEncodingNoDefault(text);
      IParser parser = (encoding == null ? EncodingEnum.JSON : encoding).newParser(request.getFhirContext());
      parser.setParserErrorHandler(new ca.uhn.fhir.parser.LenientErrorHandler(false));
      return parser.parseResource(Bundle.class, text);
    } catch (RuntimeException e) {
      log.warn("batch/transaction entries not audited one by one: the body could not be read again: {}",
          e.getMessage());
      return null;
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
