package org.neurofhir.server.support;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.UUID;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points the application context at the database chosen for this run, at a DICOM store of its own, and at the test
 * JVM's SMTP server ({@link TestMailServer}).
 */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  // The database is new for every run; a DICOM store kept from earlier runs would not match it, and the server
  // rightly warns at start that it re-indexed the store's files (LogsTest asserts a start without warnings).
  private static final String DICOM_STORE =
      Path.of(System.getProperty("java.io.tmpdir"), "neurofhir-test-dicom-" + UUID.randomUUID()).toString();

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    Map<String, Object> props = new HashMap<>(TestDatabase.properties());
    props.put("neurofhir.dicom.storage-root", DICOM_STORE);
    props.putAll(TestMailServer.springMail());
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("testDatabase", props));
  }
}
