package org.neurofhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;
import org.neurofhir.server.support.TestTokens;
import org.neurofhir.server.support.TestTokens.CodeFlow;

/**
 * The API explorer opens in a browser before anyone signs in, and its "Authorize" signs a user in through the
 * built-in public client; the data behind it still needs a token.
 */
class ApiExplorerTest extends ServerTestBase {

  private final HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private HttpResponse<String> get(String path) throws Exception {
    return noRedirects.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Accept", "text/html").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void pageScriptsAndStylesLoadWithoutAToken() throws Exception {
    HttpResponse<String> page = get("/fhir/swagger-ui/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.body()).contains("swagger-ui-bundle.js").contains("\"neurofhir-web\"")
        .contains("\"..\\/api-docs?page=") // relative: from the origin the page was opened on
        .contains("usePkceWithAuthorizationCodeGrant: true").contains("NeuroFHIR");
    for (String asset : List.of("swagger-ui-bundle.js", "swagger-ui.css", "oauth2-redirect.html")) {
      HttpResponse<String> r = get("/fhir/swagger-ui/" + asset);
      assertThat(r.statusCode()).as(asset).isEqualTo(200);
      assertThat(r.body()).as(asset).isNotBlank();
    }
  }

  @Test
  void withoutTheTrailingSlashTheBrowserIsSentToThePage() throws Exception {
    HttpResponse<String> r = get("/fhir/swagger-ui");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location").orElse("")).endsWith("/fhir/swagger-ui/");
  }

  @Test
  void openApiDocumentDeclaresTheAuthorizationCodeFlowAndNoAdminOperations() throws Exception {
    HttpResponse<String> docs = get("/fhir/api-docs?page=Patient");
    assertThat(docs.statusCode()).isEqualTo(200);
    assertThat(docs.body()).contains("securitySchemes:").contains("type: oauth2").contains("authorizationCode:")
        .contains("authorizationUrl: " + baseUrl() + "/oauth2/authorize")
        .contains("tokenUrl: " + baseUrl() + "/oauth2/token")
        .contains("/Patient/{id}/$everything")
        .contains("- url: " + fhirBase())
        .doesNotContain("$expunge");
  }

  @Test
  void theExplorerStillReadsNoDataWithoutAToken() throws Exception {
    assertThat(get("/fhir/Patient").statusCode()).isEqualTo(401);
  }

  @Test
  void authorizeSendsTheCodeToTheExplorerOnLoopbackAndOnTheRegisteredLocalhostOrigin() {
    String user = unique("explorer-");
    tokens().createUser(user, TestTokens.USER_PASSWORD, List.of("doctor"), null);
    // opened on this machine at 127.0.0.1:<port>: a loopback redirect, any port
    String loopback = "http://127.0.0.1:" + port + "/fhir/swagger-ui/oauth2-redirect.html";
    TestTokens.TokenResponse token = tokens().authorizationCode(
        new CodeFlow("neurofhir-web", null, loopback, true), user, TestTokens.USER_PASSWORD, "openid fhirUser user/*.cruds");
    assertThat(token.status()).as(token.json().toString()).isEqualTo(200);
    assertThat(token.accessToken()).isNotBlank();
    // the issuer's origin (http://localhost:8080 in this profile): localhost, registered exactly
    String issuerPage = "http://localhost:8080/fhir/swagger-ui/oauth2-redirect.html";
    String callback = tokens().authorizationCallback(
        new CodeFlow("neurofhir-web", null, issuerPage, true), user, TestTokens.USER_PASSWORD, "openid user/*.cruds");
    assertThat(callback).startsWith(issuerPage + "?code=");
  }

  @Test
  void codesGoNowhereElseAndStillNeedPkce() {
    String user = unique("explorer-");
    tokens().createUser(user, TestTokens.USER_PASSWORD, List.of("doctor"), null);
    String unregistered = "http://localhost:9999/fhir/swagger-ui/oauth2-redirect.html";
    String callback = tokens().authorizationCallback(
        new CodeFlow("neurofhir-web", null, unregistered, true), user, TestTokens.USER_PASSWORD, "openid");
    assertThat(callback == null ? "" : callback).doesNotContain("code=");

    String issuerPage = "http://localhost:8080/fhir/swagger-ui/oauth2-redirect.html";
    String withoutPkce = tokens().authorizationCallback(
        new CodeFlow("neurofhir-web", null, issuerPage, false), user, TestTokens.USER_PASSWORD, "openid");
    assertThat(withoutPkce == null ? "" : withoutPkce).doesNotContain("code=");

    String unknownScope = tokens().authorizationCallback(
        new CodeFlow("neurofhir-web", null, issuerPage, true), user, TestTokens.USER_PASSWORD, "system/*.cruds");
    assertThat(unknownScope == null ? "" : unknownScope).doesNotContain("code=");
  }
}
