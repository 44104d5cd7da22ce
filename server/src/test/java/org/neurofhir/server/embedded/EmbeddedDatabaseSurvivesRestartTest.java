package org.neurofhir.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.server.NeuroFhirServerApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The embedded default (an H2 file database) keeps its data across a restart: the application is started on a
 * fresh data folder, a Patient is stored, the application stops, a second start reads it back.
 */
class EmbeddedDatabaseSurvivesRestartTest {

  @TempDir Path dataDir;

  @Test
  void patientStoredBeforeRestartIsReadAfterIt() {
    String url = "jdbc:h2:file:" + dataDir.resolve("neurofhir") + ";DB_CLOSE_ON_EXIT=FALSE";
    IIdType id;
    try (ConfigurableApplicationContext first = start(url)) {
      Patient p = new Patient();
      p.addName().setFamily("Restart");
      id = first.getBean(DaoRegistry.class).getResourceDao(Patient.class)
          .create(p, new SystemRequestDetails()).getId().toUnqualifiedVersionless();
    }
    assertThat(Files.exists(dataDir.resolve("neurofhir.mv.db"))).isTrue();

    try (ConfigurableApplicationContext second = start(url)) {
      Patient read = second.getBean(DaoRegistry.class).getResourceDao(Patient.class)
          .read(id, new SystemRequestDetails());
      assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Restart");
      // the server's H2 tuning reaches the file database it opened (server/README.md "Performance")
      assertThat(second.getBean(JdbcClient.class)
              .sql("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'AUTO_COMPACT_FILL_RATE'")
              .query(String.class).single())
          .isEqualTo("50");
    }
  }

  private ConfigurableApplicationContext start(String url) {
    return new SpringApplicationBuilder(NeuroFhirServerApplication.class)
        .profiles("test")
        // command-line arguments: they outrank application.yaml (builder properties would not)
        .run(
            "--spring.datasource.url=" + url,
            "--server.port=0",
            "--neurofhir.dicom.enabled=false",
            "--neurofhir.dicom.storage-root=" + dataDir.resolve("dicom"),
            "--neurofhir.conformance.warm-up-validator=false");
  }
}
