package org.neurofhir.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import java.util.UUID;

/**
 * A failure of the server (500) answers with a generic OperationOutcome and a reference that the log line of the
 * same failure carries ({@link org.neurofhir.server.logs.FailedRequestLog} logs the replacement with the original as
 * its cause). HAPI would put the exception's message in the body: SQL, class and column names, sometimes values of
 * other records, all of which help an attacker and none of which helps a client.
 */
@Interceptor
public class InternalErrorsTellNothing {

  @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
  public BaseServerResponseException replace(RequestDetails request, Throwable exception) {
    int status = exception instanceof BaseServerResponseException e ? e.getStatusCode() : 500;
    if (status != 500 || exception instanceof GenericInternalError) {
      return null;
    }
    return new GenericInternalError(exception);
  }

  /** The 500 the client sees; its cause is what happened. */
  static final class GenericInternalError extends InternalErrorException {
    GenericInternalError(Throwable cause) {
      super("The server failed to process this request (reference " + reference()
          + "). The administrator finds what happened under this reference in the server log.", cause);
    }

    private static String reference() {
      return UUID.randomUUID().toString().substring(0, 8);
    }
  }
}
