package org.neurofhir.server.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.net.http.HttpClient;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.neurofhir.server.NeuroFhirServerApplication;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Base of every server test: the real application on a random port, reached over HTTP with HAPI's generic
 * client. All subclasses share one Spring context (same configuration), so the suite boots the server once
 * per database.
 */
@SpringBootTest(classes = NeuroFhirServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@ActiveProfiles("test")
@AutoConfigureObservability(tracing = false)
public abstract class ServerTestBase {

  protected static final FhirContext FHIR = FhirContext.forR4Cached();

  static {
    FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    FHIR.getRestfulClientFactory().setSocketTimeout(120_000);
  }

  @LocalServerPort protected int port;

  protected IGenericClient client;
  protected final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void requireDatabase() {
    Assumptions.assumeTrue(
        TestDatabase.available(), "database for this run not reachable: " + System.getProperty(TestDatabase.PROPERTY));
  }

  @BeforeEach
  void connectClient() {
    client = FHIR.newRestfulGenericClient(fhirBase());
  }

  protected String baseUrl() {
    return "http://localhost:" + port;
  }

  protected String fhirBase() {
    return baseUrl() + "/fhir";
  }

  /** Adds whatever credentials the suite's default client uses to a raw HTTP request. */
  protected java.net.http.HttpRequest.Builder authorized(java.net.http.HttpRequest.Builder request) {
    return request;
  }

  /** A value unique to this test run, so tests never depend on what other tests stored. */
  protected static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }
}
