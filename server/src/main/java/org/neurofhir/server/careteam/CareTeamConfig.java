package org.neurofhir.server.careteam;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import org.hl7.fhir.r4.model.Patient;
import org.neurofhir.server.fhir.FhirRestfulServerConfig.RestfulServerCustomizer;
import org.neurofhir.server.security.BinaryReferrers;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(CareTeamProperties.class)
public class CareTeamConfig {

  @Bean
  @ConditionalOnProperty(name = "neurofhir.care-team.doctors-see-assigned-patients-only", havingValue = "true")
  RestfulServerCustomizer assignedPatientsOnly(DaoRegistry daos, BinaryReferrers binaryReferrers) {
    AssignedPatientsGuard guard =
        new AssignedPatientsGuard(new AssignedPatients(daos.getResourceDao(Patient.class)), binaryReferrers, daos);
    return server -> {
      server.registerInterceptor(new AssignedPatientsSearchNarrowing(guard));
      server.registerInterceptor(guard);
    };
  }
}
