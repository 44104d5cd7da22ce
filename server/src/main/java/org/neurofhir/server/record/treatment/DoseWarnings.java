package org.neurofhir.server.record.treatment;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Carries dose warnings from storage to the answer: they are kept with the request and added to the
 * OperationOutcome HAPI answers a write with (the client asks for it with {@code Prefer: return=OperationOutcome}).
 */
@Interceptor
public class DoseWarnings {

  private static final String KEY = DoseWarnings.class.getName();

  @SuppressWarnings("unchecked")
  static void add(RequestDetails request, List<OperationOutcome.OperationOutcomeIssueComponent> warnings) {
    ((List<OperationOutcome.OperationOutcomeIssueComponent>) request.getUserData()
        .computeIfAbsent(KEY, k -> new ArrayList<OperationOutcome.OperationOutcomeIssueComponent>())).addAll(warnings);
  }

  @SuppressWarnings("unchecked")
  @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
  public boolean outgoing(RequestDetails request, IBaseResource response) {
    Object warnings = request.getUserData().get(KEY);
    if (warnings instanceof List<?> list && response instanceof OperationOutcome oo) {
      ((List<OperationOutcome.OperationOutcomeIssueComponent>) list).forEach(w -> oo.addIssue(w.copy()));
    }
    return true;
  }
}
