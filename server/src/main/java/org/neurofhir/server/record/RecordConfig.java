package org.neurofhir.server.record;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(RecordProperties.class)
public class RecordConfig {

  /** On HAPI's storage interceptors: REST writes, bundles and the DICOM intake all pass here. */
  @Bean
  public MedicalRecordNumbers medicalRecordNumbers(DataSource dataSource, RecordProperties props, DaoRegistry daos,
      IInterceptorService interceptors, Clock clock) {
    MedicalRecordNumbers numbers = new MedicalRecordNumbers(new RecordNumberStore(dataSource), props,
        daos.getResourceDao(Patient.class), clock);
    interceptors.registerInterceptor(numbers);
    return numbers;
  }
}
