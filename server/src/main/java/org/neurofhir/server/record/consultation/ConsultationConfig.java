package org.neurofhir.server.record.consultation;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.neurofhir.server.fhir.FhirRestfulServerConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class ConsultationConfig {

  /** On HAPI's storage interceptors: REST writes and every entry of a bundle pass here. */
  @Bean
  public FormAnswersCheck formAnswersCheck(DaoRegistry daos, IInterceptorService interceptors) {
    FormAnswersCheck check = new FormAnswersCheck(new StoredQuestionnaires(daos.getResourceDao(Questionnaire.class)));
    interceptors.registerInterceptor(check);
    return check;
  }

  @Bean
  public ConsultationStatusFlow consultationStatusFlow(IInterceptorService interceptors) {
    ConsultationStatusFlow flow = new ConsultationStatusFlow();
    interceptors.registerInterceptor(flow);
    return flow;
  }

  @Bean
  FhirRestfulServerConfig.RestfulServerCustomizer extractOperation(DaoRegistry daos, FormAnswersCheck forms) {
    ExtractOperationProvider provider =
        new ExtractOperationProvider(daos.getResourceDao(QuestionnaireResponse.class), forms);
    return server -> server.registerProvider(provider);
  }
}
