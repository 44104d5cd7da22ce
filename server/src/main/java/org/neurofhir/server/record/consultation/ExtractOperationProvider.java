package org.neurofhir.server.record.consultation;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.neurofhir.server.record.RefusedRecordEntry;

/**
 * {@code $extract} (SDC): a form's coded answers as Observations, in a transaction Bundle the client posts.
 * {@code QuestionnaireResponse/[id]/$extract} reads the stored response as the caller (their access applies);
 * {@code QuestionnaireResponse/$extract} takes one in parameter {@code questionnaire-response}, checked against
 * its Questionnaire first (an invalid form is refused, not half extracted).
 */
public class ExtractOperationProvider {

  private final IFhirResourceDao<QuestionnaireResponse> responses;
  private final FormAnswersCheck forms;

  ExtractOperationProvider(IFhirResourceDao<QuestionnaireResponse> responses, FormAnswersCheck forms) {
    this.responses = responses;
    this.forms = forms;
  }

  @Operation(name = "$extract", idempotent = true, type = QuestionnaireResponse.class)
  public Bundle extractStored(@IdParam IdType id, RequestDetails request) {
    QuestionnaireResponse response = responses.read(id.toUnqualifiedVersionless(), request);
    return ObservationExtraction.extract(forms.questionnaireOf(response), response,
        "QuestionnaireResponse/" + response.getIdElement().getIdPart());
  }

  @Operation(name = "$extract", type = QuestionnaireResponse.class)
  public Bundle extractGiven(
      @OperationParam(name = "questionnaire-response", min = 1, max = 1) QuestionnaireResponse response) {
    if (response == null) {
      throw new InvalidRequestException("$extract needs parameter questionnaire-response");
    }
    Questionnaire questionnaire = forms.questionnaireOf(response);
    List<FormProblem> problems = QuestionnaireResponseCheck.problems(questionnaire, response);
    if (!problems.isEmpty()) {
      throw new RefusedRecordEntry(problems.get(0).expression(), problems.get(0).message());
    }
    // an unstored response has nothing for derivedFrom to point at
    String ref = response.getIdElement().hasIdPart() ? "QuestionnaireResponse/" + response.getIdElement().getIdPart() : null;
    return ObservationExtraction.extract(questionnaire, response, ref);
  }
}
