package org.neurofhir.server.fhir.search;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;

/**
 * The per-request time limit ({@link RequestLimitsProperties#timeLimit()}).
 *
 * <p>A JVM thread cannot be stopped from outside, so the limit is enforced where the work can notice it: every
 * database statement is cancelled by the driver once it runs that long ({@link StatementTimeout}), and a search is
 * stopped between its steps (its query, each page of resources loaded) once its request is older than the limit.
 * Either way the answer is a 503 that says so, never the driver's message and SQL, and the connection goes back to
 * the pool. A client that disconnects is not noticed until the answer is written (the servlet API tells nobody
 * earlier): the limit is what bounds the work it leaves behind.
 */
@Interceptor
public class RequestTimeLimit {

  private static final String DEADLINE = RequestTimeLimit.class.getName() + ".deadline";
  /** SQLSTATE of a cancelled statement, for PostgreSQL (query_canceled) and H2 alike. */
  private static final String QUERY_CANCELED = "57014";

  private final Duration limit;

  public RequestTimeLimit(Duration limit) {
    this.limit = limit;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void start(RequestDetails request) {
    request.getUserData().put(DEADLINE, System.nanoTime() + limit.toNanos());
  }

  @Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
  public void beforeSearch(RequestDetails request) {
    stopIfPastDeadline(request);
  }

  @Hook(Pointcut.STORAGE_PREACCESS_RESOURCES)
  public void beforeResourcesLoaded(RequestDetails request) {
    stopIfPastDeadline(request);
  }

  @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
  public BaseServerResponseException statementTimedOut(Throwable exception) {
    return isTimeout(exception) ? tooLong() : null;
  }

  private void stopIfPastDeadline(RequestDetails request) {
    if (request != null && request.getUserData().get(DEADLINE) instanceof Long deadline
        && System.nanoTime() - deadline > 0) {
      throw tooLong();
    }
  }

  private UnclassifiedServerFailureException tooLong() {
    return new UnclassifiedServerFailureException(503,
        "The request took longer than this server allows (" + limit.toSeconds() + " s) and was stopped; "
            + "narrow the search or ask for fewer results");
  }

  static boolean isTimeout(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof jakarta.persistence.QueryTimeoutException || t instanceof org.hibernate.QueryTimeoutException
          || t instanceof SQLTimeoutException
          || (t instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }
}
