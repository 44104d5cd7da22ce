package org.neurofhir.server.record;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * 422 with an OperationOutcome naming the element at fault: a record entry the clinic cannot use as sent
 * (a lab value that cannot be compared with its range, a form answer of the wrong type). Thrown before storage,
 * so nothing of the request is kept.
 */
public class RefusedRecordEntry extends UnprocessableEntityException {

  public RefusedRecordEntry(String expression, String message) {
    super(message, outcome(expression, message, OperationOutcome.IssueType.INVALID));
  }

  public RefusedRecordEntry(String expression, String message, OperationOutcome.IssueType type) {
    super(message, outcome(expression, message, type));
  }

  private static OperationOutcome outcome(String expression, String message, OperationOutcome.IssueType type) {
    OperationOutcome oo = new OperationOutcome();
    oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(message)
        .addExpression(expression);
    return oo;
  }
}
