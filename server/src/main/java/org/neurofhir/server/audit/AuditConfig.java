package org.neurofhir.server.audit;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import java.time.Clock;
import org.hl7.fhir.r4.model.Bundle;
import org.neurofhir.server.fhir.FhirRestfulServerConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Audit trail wiring: the REST interceptor that queues records and the background writer that stores them. */
@Configuration
public class AuditConfig {

  @Bean
  @org.springframework.context.annotation.Profile("!" + org.neurofhir.server.security.ApiSecurityConfig.INSECURE_BENCHMARK_PROFILE)
  FhirRestfulServerConfig.RestfulServerCustomizer fhirAuditCustomizer(AuditOutbox outbox, Clock clock) {
    return server -> server.registerInterceptor(new FhirAuditInterceptor(outbox, clock));
  }

  @Bean
  FhirRestfulServerConfig.RestfulServerCustomizer auditEventWriteGuardCustomizer() {
    return server -> server.registerInterceptor(new AuditEventWriteGuard());
  }

  /** Admin API calls (users, signing keys) to the audit trail, like FHIR interactions. */
  @Bean
  @org.springframework.context.annotation.Profile("!" + org.neurofhir.server.security.ApiSecurityConfig.INSECURE_BENCHMARK_PROFILE)
  WebMvcConfigurer adminRequestAudit(AuditOutbox outbox, Clock clock) {
    return new WebMvcConfigurer() {
      @Override
      public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AdminRequestAuditInterceptor(outbox, clock)).addPathPatterns("/admin/**");
      }
    };
  }

  @Bean
  AuditEventWriter auditEventWriter(
      AuditOutbox outbox,
      IFhirSystemDao<Bundle, ?> systemDao,
      @Value("${neurofhir.audit.drain-interval:500ms}") java.time.Duration interval) {
    return new AuditEventWriter(outbox, systemDao, interval.toMillis());
  }
}
