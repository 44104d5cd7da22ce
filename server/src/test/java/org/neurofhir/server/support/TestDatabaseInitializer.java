package org.neurofhir.server.support;

import java.util.HashMap;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Points the application context at the database chosen for this run. */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    Map<String, Object> props = new HashMap<>(TestDatabase.properties());
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("testDatabase", props));
  }
}
