package org.neurofhir.server.review;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;
import org.neurofhir.server.fhir.FhirRestfulServerConfig;
import org.neurofhir.server.review.report.ReportPublication;
import org.neurofhir.server.security.RolePolicies;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** Clinician review of AI segmentation reports: {@code DiagnosticReport/{id}/$review}. */
@Configuration
public class ReviewConfig {

  /**
   * A review's Provenance names the exact versions it created and replaced (FHIR: Provenance.target is "usually
   * version specific"); HAPI strips versions from stored references except at the paths listed here.
   */
  ReviewConfig(FhirContext fhir) {
    Set<String> paths = new LinkedHashSet<>(fhir.getParserOptions().getDontStripVersionsFromReferencesAtPaths());
    paths.add("Provenance.target");
    paths.add("Provenance.entity.what");
    fhir.getParserOptions().setDontStripVersionsFromReferencesAtPaths(paths);
  }

  @Bean
  SegmentationReportReview segmentationReportReview(DaoRegistry daos, PlatformTransactionManager transactions,
      Clock clock, ReportPublication publication) {
    return new SegmentationReportReview(daos, transactions, clock, publication);
  }

  @Bean
  ReviewOperationProvider reviewOperationProvider(RolePolicies policies, DaoRegistry daos,
      SegmentationReportReview review, MeterRegistry registry) {
    return new ReviewOperationProvider(new ReviewerAuthorization(policies, daos), review,
        new ReviewDecisionMetrics(registry));
  }

  @Bean
  FhirRestfulServerConfig.RestfulServerCustomizer reviewOperation(ReviewOperationProvider provider) {
    return server -> server.registerProvider(provider);
  }

  @Bean
  FhirRestfulServerConfig.RestfulServerCustomizer reportStatusGuard() {
    return server -> server.registerInterceptor(new ReportStatusGuard());
  }
}
