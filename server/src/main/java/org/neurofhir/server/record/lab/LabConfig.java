package org.neurofhir.server.record.lab;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import org.hl7.fhir.r4.model.ObservationDefinition;
import org.hl7.fhir.r4.model.Patient;
import org.neurofhir.profiles.packaging.NeuroFhirPackage;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(LabProperties.class)
public class LabConfig {

  /** On HAPI's storage interceptors: REST writes, bundles and in-process writes all pass here. */
  @Bean
  public LabResultInterpreter labResultInterpreter(NeuroFhirPackage pkg, DaoRegistry daos, LabProperties props,
      IInterceptorService interceptors) {
    LabResultInterpreter interpreter = new LabResultInterpreter(
        new DefaultLabRanges(pkg.resourcesOfType(ObservationDefinition.class)), daos.getResourceDao(Patient.class),
        new CriticalResultNotices(daos), props);
    interceptors.registerInterceptor(interpreter);
    return interpreter;
  }
}
