package org.neurofhir.server.record.consultation;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import java.util.Optional;
import org.hl7.fhir.r4.model.Questionnaire;

/**
 * The Questionnaire a response names ({@code questionnaire} = canonical URL, optionally {@code |version}), as
 * stored on this server: the package's forms are stored at start-up, a clinic's own ones over REST.
 */
class StoredQuestionnaires {

  private final IFhirResourceDao<Questionnaire> questionnaires;

  StoredQuestionnaires(IFhirResourceDao<Questionnaire> questionnaires) {
    this.questionnaires = questionnaires;
  }

  Optional<Questionnaire> byCanonical(String canonical) {
    if (canonical == null || canonical.isBlank()) {
      return Optional.empty();
    }
    int bar = canonical.indexOf('|');
    String url = bar < 0 ? canonical : canonical.substring(0, bar);
    SearchParameterMap query = SearchParameterMap.newSynchronous(Questionnaire.SP_URL, new UriParam(url));
    if (bar >= 0) {
      query.add(Questionnaire.SP_VERSION, new TokenParam(canonical.substring(bar + 1)));
    }
    return questionnaires.search(query, new SystemRequestDetails()).getAllResources().stream()
        .map(Questionnaire.class::cast)
        // newest version first when the response names none
        .max(java.util.Comparator.comparing(q -> q.getMeta().getLastUpdated()));
  }
}
