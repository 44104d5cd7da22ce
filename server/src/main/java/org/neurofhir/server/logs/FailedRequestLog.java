package org.neurofhir.server.logs;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one log line of a FHIR request that did not succeed, written where HAPI hands every failed request to its
 * interceptors ({@code SERVER_HANDLE_EXCEPTION}) before it writes the OperationOutcome:
 * <ul>
 *   <li>4xx, a refusal (no such resource, not allowed, invalid against a profile, stale version): INFO, one line of
 *       method, path, status and reason. The client was told why; a stack trace would only say where in HAPI the
 *       refusal was raised, and a log full of them hides the failures that matter.
 *   <li>503: WARN, one line; the server shed load on purpose and said when to retry (the transaction entry budget
 *       stayed full). The operator may want to size the budget; nothing failed.
 *   <li>any other 5xx, a failure of the server: ERROR with the stack trace.
 * </ul>
 * The path is logged without its query string: search parameters carry names and birth dates.
 * HAPI's own lines about the same request are left out by {@link HarmlessLogLines}.
 */
@Interceptor
public class FailedRequestLog {

  private static final Logger log = LoggerFactory.getLogger(FailedRequestLog.class);
  private static final int REASON_LIMIT = 500;

  @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
  public boolean failed(RequestDetails request, BaseServerResponseException exception) {
    int status = exception.getStatusCode();
    String method = request.getRequestType() == null ? "?" : request.getRequestType().name();
    String path = path(request);
    String reason = reason(exception);
    if (status < 500) {
      log.info("{} {} refused: {} {}", method, path, status, reason);
    } else if (status == 503) {
      log.warn("{} {} refused: {} {}", method, path, status, reason);
    } else {
      log.error("{} {} failed: {} {}", method, path, status, reason, exception);
    }
    return true;
  }

  private static String path(RequestDetails request) {
    if (request instanceof ServletRequestDetails servlet && servlet.getServletRequest() != null) {
      return servlet.getServletRequest().getRequestURI();
    }
    return "/" + request.getRequestPath();
  }

  private static String reason(BaseServerResponseException exception) {
    String message = exception.getMessage() == null ? exception.getClass().getSimpleName() : exception.getMessage();
    // one line, whatever the message holds (validation messages list several issues on separate lines)
    String line = message.replaceAll("\\s*[\\r\\n]+\\s*", " | ").strip();
    return line.length() <= REASON_LIMIT ? line : line.substring(0, REASON_LIMIT) + "…";
  }
}
