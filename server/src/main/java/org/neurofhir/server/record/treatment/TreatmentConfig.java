package org.neurofhir.server.record.treatment;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import org.hl7.fhir.r4.model.MedicationKnowledge;
import org.neurofhir.profiles.packaging.NeuroFhirPackage;
import org.neurofhir.server.fhir.FhirRestfulServerConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class TreatmentConfig {

  @Bean
  public DoseCheck doseCheck(NeuroFhirPackage pkg, IInterceptorService interceptors) {
    DoseCheck check = new DoseCheck(new DoseLimits(pkg.resourcesOfType(MedicationKnowledge.class)));
    interceptors.registerInterceptor(check);
    return check;
  }

  @Bean
  FhirRestfulServerConfig.RestfulServerCustomizer doseWarnings() {
    return server -> server.registerInterceptor(new DoseWarnings());
  }
}
