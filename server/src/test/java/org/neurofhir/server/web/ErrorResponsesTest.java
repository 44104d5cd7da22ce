package org.neurofhir.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;

/**
 * Requests refused before HAPI sees them (Tomcat's URL and header parsing, Spring Security's firewall, no such
 * endpoint) answer like the FHIR endpoint does: an OperationOutcome for FHIR paths, plain JSON elsewhere, never a
 * Tomcat or Spring page, never the path or the exception. Sent over a raw socket: an HTTP client library refuses
 * to send most of these URLs.
 */
class ErrorResponsesTest extends ServerTestBase {

  private String raw(String requestLine, String... headers) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
      for (String header : headers) {
        request.append(header).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      in.transferTo(answer);
      return answer.toString(StandardCharsets.UTF_8);
    }
  }

  private static void assertFhirOutcome(String answer, int status) {
    assertThat(answer).as(answer).startsWith("HTTP/1.1 " + status);
    assertThat(answer.toLowerCase()).contains("content-type: application/fhir+json");
    assertThat(answer).contains("\"resourceType\":\"OperationOutcome\"")
        .doesNotContainIgnoringCase("<html").doesNotContain("Tomcat").doesNotContain("Exception");
  }

  @Test
  void malformedFhirUrlsAnswerAnOperationOutcome() throws Exception {
    String auth = "Authorization: Bearer " + adminToken();
    for (String path : new String[] {"/fhir/Patient/%zz", "/fhir/Patient/a%00b", "/fhir/Patient/x%5cy",
        "/fhir/Patient/..;/x", "/fhir//Patient", "/fhir/Patient/%2e%2e/secret"}) {
      assertFhirOutcome(raw("GET " + path + " HTTP/1.1", auth), 400);
    }
    assertFhirOutcome(raw("GET /fhir/Patient HTTP/1.1", auth, "Bad Header: no colon allowed in the name"), 400);
    assertFhirOutcome(raw("GET /fhir/Patient?name=" + "a".repeat(20_000) + " HTTP/1.1", auth), 400);
  }

  @Test
  void otherPathsAnswerPlainJsonWithoutDetails() throws Exception {
    String admin = raw("GET /admin/x%zz HTTP/1.1");
    assertThat(admin).startsWith("HTTP/1.1 400").contains("{\"status\":400").doesNotContainIgnoringCase("<html");

    HttpResponse<String> missing = http.send(authorized(HttpRequest.newBuilder(URI.create(baseUrl() + "/no/such/page")))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("{\"status\":404,\"error\":\"No such endpoint\"}");
  }
}
