package org.neurofhir.server.record.consultation;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.neurofhir.server.record.RefusedRecordEntry;

/**
 * Every QuestionnaireResponse stored (REST, bundles) names a Questionnaire stored here and fits it
 * ({@link QuestionnaireResponseCheck}); otherwise 422 listing every problem, nothing stored.
 */
@Interceptor
public class FormAnswersCheck {

  private final StoredQuestionnaires questionnaires;

  FormAnswersCheck(StoredQuestionnaires questionnaires) {
    this.questionnaires = questionnaires;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    check(resource);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    check(resource);
  }

  private void check(IBaseResource resource) {
    if (!(resource instanceof QuestionnaireResponse response)
        || response.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.ENTEREDINERROR) {
      return;
    }
    Questionnaire questionnaire = questionnaireOf(response);
    List<FormProblem> problems = QuestionnaireResponseCheck.problems(questionnaire, response);
    if (!problems.isEmpty()) {
      OperationOutcome oo = new OperationOutcome();
      problems.forEach(p -> oo.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
          .setCode(OperationOutcome.IssueType.INVALID).setDiagnostics(p.message()).addExpression(p.expression()));
      throw new UnprocessableEntityException("The answers do not fit " + response.getQuestionnaire() + ": "
          + problems.get(0).message() + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "")
          + "; nothing was stored", oo);
    }
  }

  Questionnaire questionnaireOf(QuestionnaireResponse response) {
    if (!response.hasQuestionnaire()) {
      throw new RefusedRecordEntry("QuestionnaireResponse.questionnaire",
          "A form's answers name their Questionnaire (canonical URL); nothing was stored", OperationOutcome.IssueType.REQUIRED);
    }
    return questionnaires.byCanonical(response.getQuestionnaire()).orElseThrow(() -> new RefusedRecordEntry(
        "QuestionnaireResponse.questionnaire", "No Questionnaire " + response.getQuestionnaire()
            + " is stored on this server; nothing was stored", OperationOutcome.IssueType.NOTFOUND));
  }
}
