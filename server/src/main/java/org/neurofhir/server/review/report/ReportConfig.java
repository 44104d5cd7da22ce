package org.neurofhir.server.review.report;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The illustrated PDF of segmentation reports, its DocumentReference and Composition. */
@Configuration
@EnableConfigurationProperties(ReportProperties.class)
public class ReportConfig {

  @Bean
  ReportPublication reportPublication(FhirContext fhir, DaoRegistry daos, MatchUrlService matchUrls,
      ReportProperties props) {
    Optional<byte[]> logo = Optional.empty();
    if (props.logo() != null) {
      try {
        logo = Optional.of(Files.readAllBytes(props.logo()));
      } catch (IOException e) {
        throw new UncheckedIOException("neurofhir.report.logo " + props.logo() + " cannot be read", e);
      }
    }
    ReportContents.Clinic clinic = new ReportContents.Clinic(props.clinicName(), props.clinicAddress(), logo);
    return new ReportPublication(new ReportContentsReader(fhir, daos, matchUrls, clinic));
  }
}
