package org.neurofhir.server.record.attachment;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import org.hl7.fhir.r4.model.Binary;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(AttachmentProperties.class)
public class AttachmentConfig {

  /** On HAPI's storage interceptors: REST writes, bundles and in-process writes all pass here. */
  @Bean
  public DocumentContentChecks documentContentChecks(AttachmentProperties props, DaoRegistry daos,
      IBinaryStorageSvc binaryStorage, IInterceptorService interceptors) {
    DocumentContentChecks checks = new DocumentContentChecks(props, daos.getResourceDao(Binary.class), binaryStorage);
    interceptors.registerInterceptor(checks);
    return checks;
  }
}
