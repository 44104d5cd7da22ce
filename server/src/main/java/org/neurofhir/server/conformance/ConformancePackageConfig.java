package org.neurofhir.server.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.config.JpaConfig;
import ca.uhn.fhir.jpa.validation.JpaValidationSupportChain;
import java.util.Map;
import org.neurofhir.profiles.enforcement.EnforcementPolicy;
import org.neurofhir.profiles.enforcement.ProfileEnforcingInterceptor;
import org.neurofhir.profiles.packaging.NeuroFhirPackage;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Our conformance package (fhir-profiles) inside the server: its profiles, code systems and value sets join
 * HAPI's validation chain ({@code $validate} sees them), a resource that claims one of our profiles is
 * validated on every write, and the package's resources are stored so clients can fetch them and search
 * with its SearchParameters.
 */
@Configuration
public class ConformancePackageConfig {

  @Bean
  public NeuroFhirPackage neuroFhirPackage(FhirContext fhirContext) {
    return NeuroFhirPackage.loadFromClasspath(fhirContext);
  }

  @Bean
  public ProfileEnforcingInterceptor profileEnforcingInterceptor(
      FhirContext fhirContext,
      NeuroFhirPackage pkg,
      @Qualifier(JpaConfig.JPA_VALIDATION_SUPPORT_CHAIN) IValidationSupport jpaChain,
      IInterceptorService interceptorService,
      ConformanceProperties props) {
    ((JpaValidationSupportChain) jpaChain).addValidationSupport(0, pkg.validationSupport());
    EnforcementPolicy policy = props.defaultProfiles().isEmpty()
        ? EnforcementPolicy.claimedProfilesOnly()
        : EnforcementPolicy.withDefaultProfiles(Map.copyOf(props.defaultProfiles()));
    ProfileEnforcingInterceptor enforcer =
        new ProfileEnforcingInterceptor(fhirContext, pkg.standaloneValidationSupport(), policy);
    // Registered with the storage layer, not only the REST server: in-process writes (the pipeline) and every
    // entry of a transaction bundle are validated too.
    interceptorService.registerInterceptor(enforcer);
    return enforcer;
  }
}
