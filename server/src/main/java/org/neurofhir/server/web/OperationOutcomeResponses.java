package org.neurofhir.server.web;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.hl7.fhir.r4.model.OperationOutcome;

/** Writes a FHIR OperationOutcome error from servlet filters, which run before HAPI can answer. */
public final class OperationOutcomeResponses {

  private OperationOutcomeResponses() {}

  public static void write(HttpServletResponse response, int status, String issueCode, String diagnostics)
      throws IOException {
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue()
        .setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(OperationOutcome.IssueType.fromCode(issueCode))
        .setDiagnostics(diagnostics);
    response.setStatus(status);
    response.setContentType("application/fhir+json;charset=UTF-8");
    response.getWriter().write(FhirContext.forR4Cached().newJsonParser().encodeResourceToString(outcome));
  }
}
