package org.neurofhir.server.review.report;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.neurofhir.server.fhir.FhirRestfulServerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The illustrated PDF of segmentation reports, its DocumentReference and Composition. */
@Configuration
@EnableConfigurationProperties(ReportProperties.class)
public class ReportConfig {

  @Bean
  ReportPublication reportPublication(FhirContext fhir, DaoRegistry daos, MatchUrlService matchUrls,
      ReportProperties props, ObjectProvider<IBinaryStorageSvc> binaryStorage, PlatformTransactionManager transactions) {
    Optional<byte[]> logo = Optional.empty();
    if (props.logo() != null) {
      try {
        logo = Optional.of(Files.readAllBytes(props.logo()));
        if (ImageIO.read(new ByteArrayInputStream(logo.get())) == null) {
          throw new IllegalStateException("neurofhir.report.logo " + props.logo() + " is not a PNG or JPEG image");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("neurofhir.report.logo " + props.logo() + " cannot be read", e);
      }
    }
    ReportContents.Clinic clinic = new ReportContents.Clinic(props.clinicName(), props.clinicAddress(), logo);
    return new ReportPublication(new ReportContentsReader(fhir, daos, matchUrls, clinic,
        binaryStorage.getIfAvailable(), transactions));
  }

  @Bean
  FhirRestfulServerConfig.RestfulServerCustomizer documentBundleCompletion(DaoRegistry daos, Clock clock) {
    return server -> server.registerInterceptor(new DocumentBundleCompletion(daos, clock));
  }
}
