package org.neurofhir.server.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
// Spring Boot tests switch metrics export off by default; the Prometheus endpoint is under test here.
@AutoConfigureObservability(tracing = false)
public abstract class ServerTestBase {

  protected static final FhirContext FHIR = FhirContext.forR4Cached();

  static {
    FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    FHIR.getRestfulClientFactory().setSocketTimeout(120_000);
  }

  @LocalServerPort protected int port;

  /** FHIR client carrying the test admin's bearer token (see {@link TestTokens}). */
  protected IGenericClient client;
  protected final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void requireDatabase() {
    Assumptions.assumeTrue(
        TestDatabase.available(), "database for this run not reachable: " + System.getProperty(TestDatabase.PROPERTY));
  }

  @BeforeEach
  void connectClient() {
    client = clientWithToken(adminToken());
  }

  /** Tokens through the server's real token endpoint: admin, per role, per patient. */
  protected TestTokens tokens() {
    return new TestTokens(baseUrl());
  }

  /** Bearer token of the test admin client (role admin, scope system/*.cruds). */
  protected String adminToken() {
    return tokens().admin();
  }

  /** Bearer token of a user with this role: admin, doctor, nurse, secretary (patients: {@link #patientToken}). */
  protected String tokenFor(String role) {
    return tokens().forRole(role);
  }

  /** Bearer token of a patient user linked to {@code Patient/<patientId>}. */
  protected String patientToken(String patientId) {
    return tokens().forPatient(patientId);
  }

  /** A FHIR client sending this bearer token; {@code null} = no token. */
  protected IGenericClient clientWithToken(String token) {
    IGenericClient c = FHIR.newRestfulGenericClient(fhirBase());
    if (token != null) {
      c.registerInterceptor(new BearerTokenAuthInterceptor(token));
    }
    return c;
  }

  /** Adds the test admin's bearer token to a raw HTTP request. */
  protected HttpRequest.Builder authorized(HttpRequest.Builder request) {
    return request.header("Authorization", "Bearer " + adminToken());
  }

  /** Adds this bearer token to a raw HTTP request. */
  protected static HttpRequest.Builder withToken(HttpRequest.Builder request, String token) {
    return request.header("Authorization", "Bearer " + token);
  }

  protected String baseUrl() {
    return "http://localhost:" + port;
  }

  protected String fhirBase() {
    return baseUrl() + "/fhir";
  }

  /** A value unique to this test run, so tests never depend on what other tests stored. */
  protected static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }
}
