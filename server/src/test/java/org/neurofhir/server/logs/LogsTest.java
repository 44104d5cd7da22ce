package org.neurofhir.server.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurofhir.profiles.packaging.NeuroFhirPackage;
import org.neurofhir.server.support.CapturedLogs;
import org.neurofhir.server.support.CapturedLogs.Line;
import org.neurofhir.server.support.ServerTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a person reading the log sees: a start without errors or warnings that need no action, and a refused
 * request as one line (method, path, status, reason) without a stack trace, so real failures stand out.
 */
class LogsTest extends ServerTestBase {

  @Autowired NeuroFhirPackage pkg;

  @BeforeEach
  void captureIsInstalled() {
    assertThat(CapturedLogs.installed()).as("logback-test.xml installs CapturedLogs").isTrue();
  }

  @Test
  void startLogsNoErrorAndNoWarningThatNeedsNoAction() throws Exception {
    // the validator's first use loads HAPI's bundled terminology (where the 'author' warnings came from)
    HttpResponse<String> validated = send(authorized(request("/fhir/Patient/$validate"))
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(invalidProfiledPatient())));
    assertThat(validated.statusCode()).isEqualTo(200);

    List<Line> lines = CapturedLogs.all();
    // the suite's shared server (ServerTestBase): from Spring Boot's "Starting <test class> using Java" to the last
    // step of its start, the conformance package stored once the application is ready. Other lines of this JVM may
    // be other tests' on purpose, or servers started without that first line (EmbeddedDatabaseSurvivesRestartTest).
    long starting = lines.stream()
        .filter(l -> l.message().startsWith("Starting ") && l.message().contains(" using Java "))
        .mapToLong(Line::sequence).min()
        .orElseThrow(() -> new AssertionError("no 'Starting ... using Java' line captured"));
    long started = lines.stream()
        .filter(l -> l.sequence() > starting && l.message().startsWith("Conformance package "))
        .mapToLong(Line::sequence).min()
        .orElseThrow(() -> new AssertionError("no 'Conformance package ... stored' line captured"));
    assertThat(lines.stream().filter(l -> l.sequence() >= starting && l.sequence() <= started
            && l.level().isGreaterOrEqual(Level.WARN)))
        .as("WARN and ERROR lines while starting").isEmpty();
    assertThat(lines.stream().filter(l -> l.message().contains("HHH000502")))
        .as("Hibernate's immutable-property warnings").isEmpty();
    assertThat(lines.stream().filter(l -> l.message().startsWith("Unknown element 'author'")))
        .as("parser warnings about HAPI's bundled terminology").isEmpty();
  }

  @Test
  void refusalsAreOneLineWithoutStackTrace() throws Exception {
    String missing = unique("missing");
    assertRefusalLoggedQuietly(request("/fhir/Patient/" + missing).GET(), 401, "GET /fhir/Patient/" + missing);

    String nurse = tokenFor("nurse");
    assertRefusalLoggedQuietly(withToken(request("/fhir/DiagnosticReport"), nurse)
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"DiagnosticReport\",\"status\":\"final\","
            + "\"code\":{\"text\":\"x\"}}")), 403, "POST /fhir/DiagnosticReport");

    String auditId = unique("audit");
    assertRefusalLoggedQuietly(authorized(request("/fhir/AuditEvent/" + auditId)).DELETE(), 403,
        "DELETE /fhir/AuditEvent/" + auditId);

    assertRefusalLoggedQuietly(authorized(request("/fhir/Patient/" + missing)).GET(), 404,
        "GET /fhir/Patient/" + missing);

    assertRefusalLoggedQuietly(authorized(request("/fhir/Patient"))
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(invalidProfiledPatient())), 422, "POST /fhir/Patient");

    assertRefusalLoggedQuietly(authorized(request("/fhir/Patient/bad_id!")).GET(), 400, "GET /fhir/Patient/bad_id!");
  }

  private void assertRefusalLoggedQuietly(HttpRequest.Builder request, int status, String methodAndPath)
      throws Exception {
    long mark = CapturedLogs.mark();
    HttpResponse<String> response = send(request);
    assertThat(response.statusCode()).as(methodAndPath).isEqualTo(status);

    List<Line> lines = CapturedLogs.since(mark);
    assertThat(lines).as("lines logged for %s", methodAndPath)
        .noneMatch(l -> l.level() == Level.ERROR)
        .noneMatch(Line::hasStackTrace);
    if (status != 401) {
      // 401 is answered by Spring Security before HAPI and is in the audit trail (RefusedRequestAuditListener)
      assertThat(lines).as("one line for %s", methodAndPath)
          .filteredOn(l -> l.message().contains(methodAndPath) && l.message().contains(String.valueOf(status)))
          .hasSize(1);
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl() + path));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String invalidProfiledPatient() {
    Patient invalid = ((Patient) pkg.examples().get("Patient-clinic-patient-invalid.json")).copy();
    invalid.setIdElement(null);
    return FHIR.newJsonParser().encodeResourceToString(invalid);
  }
}
