package org.neurofhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;

class ServerEndpointsTest extends ServerTestBase {

  @Test
  void capabilityStatementListsResourceTypesAndInteractions() {
    CapabilityStatement cs = client.capabilities().ofType(CapabilityStatement.class).execute();
    assertThat(cs.getFhirVersion().toCode()).isEqualTo("4.0.1");
    var rest = cs.getRestFirstRep();
    assertThat(rest.getResource()).extracting(r -> r.getType())
        .contains("Patient", "Observation", "ImagingStudy", "DiagnosticReport", "Appointment", "Task", "AuditEvent");
    assertThat(rest.getResource()).hasSizeGreaterThan(140);
  }

  @Test
  void openApiDocumentAndSwaggerUi() throws Exception {
    HttpResponse<String> api = get("/fhir/api-docs", "application/json");
    assertThat(api.statusCode()).isEqualTo(200);
    assertThat(api.body()).contains("openapi").contains("/Patient");
    HttpResponse<String> ui = get("/fhir/swagger-ui/", "text/html");
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.body()).containsIgnoringCase("swagger");
  }

  @Test
  void gzipWhenAsked() throws Exception {
    for (int i = 0; i < 3; i++) {
      client.create().resource(new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Gzip"))).execute();
    }
    HttpRequest req = authorized(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient?_count=50")))
        .header("Accept-Encoding", "gzip").build();
    HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
    String json = new String(new GZIPInputStream(new java.io.ByteArrayInputStream(r.body())).readAllBytes());
    assertThat(json).contains("\"resourceType\":\"Bundle\"");
  }

  @Test
  void responsesDoNotAdvertiseTheSoftwareVersion() throws Exception {
    HttpRequest search = authorized(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient?_count=1"))).build();
    HttpResponse<String> r = http.send(search, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Powered-By")).isEmpty();
    HttpResponse<String> notFound = http.send(
        authorized(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient/does-not-exist"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(notFound.headers().firstValue("X-Powered-By")).isEmpty();
    assertThat(notFound.body()).doesNotContain("HAPI FHIR 8");
  }

  @Test
  void apiRequestsCreateNoSession() throws Exception {
    HttpRequest search = authorized(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient?_count=1"))).build();
    HttpResponse<String> r = http.send(search, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  void corsPreflightHonoursTheAllowList() throws Exception {
    HttpResponse<String> allowed = preflight("https://ehr.example.org");
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://ehr.example.org");
    HttpResponse<String> other = preflight("https://evil.example.com");
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void healthIncludesTheDatabase() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"status\":\"UP\"");
  }

  @Test
  void prometheusShowsFhirRequestsByResourceTypeAndInteraction() throws Exception {
    client.read().resource(Patient.class)
        .withId(client.create().resource(new Patient()).execute().getId().toUnqualifiedVersionless()).execute();
    HttpResponse<String> r = http.send(
        authorized(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/prometheus"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .containsPattern("fhir_requests_seconds_count\\{[^}]*interaction=\"read\"[^}]*resource_type=\"Patient\"")
        .contains("jvm_memory_used_bytes")
        .contains("hikaricp_connections");
  }

  private HttpResponse<String> get(String path, String accept) throws Exception {
    return http.send(authorized(HttpRequest.newBuilder(URI.create(baseUrl() + path))).header("Accept", accept).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> preflight(String origin) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "GET")
        .build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }
}
