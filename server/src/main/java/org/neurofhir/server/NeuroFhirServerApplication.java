package org.neurofhir.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.data.jpa.JpaRepositoriesAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The NeuroFHIR server: HAPI FHIR JPA R4 at {@code /fhir}, the DICOM gateway and the segmentation pipeline.
 *
 * <p>Spring Boot's own JPA auto-configuration is excluded because HAPI builds its own entity manager factory
 * (persistence unit {@code HAPI_PU}); our own tables are plain JDBC managed by Liquibase.
 */
@SpringBootApplication(
    exclude = {
      HibernateJpaAutoConfiguration.class,
      JpaRepositoriesAutoConfiguration.class,
      // Flyway arrives with HAPI's migrator; our tables use Liquibase.
      FlywayAutoConfiguration.class,
      // HAPI brings these libraries for optional features we do not use (Elasticsearch search, tester UI).
      ElasticsearchRestClientAutoConfiguration.class,
      ThymeleafAutoConfiguration.class
    })
@ConfigurationPropertiesScan
public class NeuroFhirServerApplication {

  public static void main(String[] args) {
    SpringApplication.run(NeuroFhirServerApplication.class, args);
  }
}
