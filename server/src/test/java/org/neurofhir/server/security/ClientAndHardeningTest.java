package org.neurofhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;
import org.neurofhir.server.support.TestTokens;

/** System clients (client_credentials), rate limiting and XML parsing. */
class ClientAndHardeningTest extends ServerTestBase {

  @Test
  void clientWithWrongSecretGetsNoToken() {
    TestTokens.TokenResponse r = tokens().clientCredentials("test-pacs", "wrong-secret", null);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.accessToken()).isNull();
  }

  @Test
  void clientCannotAskForScopesBeyondItsRegistration() {
    TestTokens.TokenResponse r = tokens().clientCredentials("test-pacs", "test-pacs-secret", "system/*.cruds");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").asText()).isEqualTo("invalid_scope");
  }

  @Test
  void clientTokenIsLimitedToTheScopesItAskedFor() throws Exception {
    String token = tokens().clientCredentials("test-pacs", "test-pacs-secret", "system/Patient.rs").accessToken();
    HttpResponse<String> read = http.send(withToken(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient?_count=1")), token)
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(read.statusCode()).isEqualTo(200);
    HttpResponse<String> studies = http.send(withToken(HttpRequest.newBuilder(URI.create(fhirBase() + "/ImagingStudy?_count=1")), token)
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(studies.statusCode()).isEqualTo(403);
  }

  @Test
  void clientOverItsRateLimitGets429WithRetryAfter() throws Exception {
    String token = tokens().clientCredentials("test-throttled", "test-throttled-secret", null).accessToken();
    int throttled = 0;
    HttpResponse<String> last = null;
    // limit 3/min; 7 requests straddle at most two one-minute windows, so at least one is refused
    for (int i = 0; i < 7; i++) {
      last = http.send(withToken(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient?_count=1")), token).build(),
          HttpResponse.BodyHandlers.ofString());
      if (last.statusCode() == 429) {
        throttled++;
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(last.body()).contains("throttled");
      } else {
        assertThat(last.statusCode()).isEqualTo(200);
      }
    }
    assertThat(throttled).isGreaterThanOrEqualTo(1);
    // other clients are not affected
    assertThat(http.send(authorized(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient?_count=1"))).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
  }

  @Test
  void xmlExternalEntitiesAreNotResolved() throws Exception {
    String xxe = """
        <?xml version="1.0"?>
        <!DOCTYPE Patient [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
        <Patient xmlns="http://hl7.org/fhir"><name><family value="&xxe;"/></name></Patient>""";
    HttpResponse<String> r = http.send(authorized(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient")))
        .header("Content-Type", "application/fhir+xml")
        .POST(HttpRequest.BodyPublishers.ofString(xxe)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).doesNotContain("root:");
  }
}
