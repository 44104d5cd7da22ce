package org.neurofhir.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;
import org.neurofhir.server.support.TestTokens;
import org.neurofhir.server.support.TestTokens.CodeFlow;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code /admin/clients}: clients registered at run time, their secrets, their grants, and who may do it. */
class ClientAdminTest extends ServerTestBase {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired JdbcClient jdbc;

  private HttpResponse<String> call(String method, String path, String json, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/clients" + path))
        .header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    return http.send(withToken(b, token).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String id() {
    return "client-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private JsonNode create(String json) throws Exception {
    HttpResponse<String> r = call("POST", "", json, adminToken());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body());
  }

  private int fhirStatus(String token) throws Exception {
    return http.send(withToken(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient?_count=1")), token).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void aSystemClientGetsASecretOnceStoredOnlyAsAHash() throws Exception {
    String id = id();
    JsonNode created = create("{\"clientId\":\"" + id + "\",\"scopes\":[\"system/Patient.rs\"]}");
    String secret = created.get("clientSecret").asText();
    assertThat(secret).hasSizeGreaterThanOrEqualTo(40);
    assertThat(created.get("source").asText()).isEqualTo("database");
    assertThat(created.get("grantTypes").toString()).isEqualTo("[\"client_credentials\"]");

    String stored = jdbc.sql("SELECT client_secret FROM oauth2_registered_client WHERE client_id = ?").param(id)
        .query(String.class).single();
    assertThat(stored).startsWith("{bcrypt}").doesNotContain(secret);
    HttpResponse<String> read = call("GET", "/" + id, null, adminToken());
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(read.body()).get("clientSecret").isNull()).isTrue();
    assertThat(call("GET", "", null, adminToken()).body()).contains(id).doesNotContain(secret);

    TestTokens.TokenResponse token = tokens().clientCredentials(id, secret, null);
    assertThat(token.status()).isEqualTo(200);
    assertThat(fhirStatus(token.accessToken())).isEqualTo(200);
    assertThat(tokens().clientCredentials(id, secret + "x", null).status()).isEqualTo(401);
    // scopes bound the client: it asked to read patients, it cannot write them
    assertThat(tokens().clientCredentials(id, secret, "system/Patient.cruds").status()).isEqualTo(400);
  }

  @Test
  void aRenewedSecretReplacesTheOldOne() throws Exception {
    String id = id();
    String first = create("{\"clientId\":\"" + id + "\",\"scopes\":[\"system/*.rs\"]}").get("clientSecret").asText();
    HttpResponse<String> renewed = call("POST", "/" + id + "/secret", null, adminToken());
    assertThat(renewed.statusCode()).isEqualTo(200);
    String second = JSON.readTree(renewed.body()).get("clientSecret").asText();
    assertThat(second).isNotEqualTo(first);
    assertThat(tokens().clientCredentials(id, first, null).status()).isEqualTo(401);
    assertThat(tokens().clientCredentials(id, second, null).status()).isEqualTo(200);
  }

  @Test
  void aDeletedClientCanNoLongerGetTokensAndItsTokensAreRevoked() throws Exception {
    String id = id();
    String secret = create("{\"clientId\":\"" + id + "\",\"scopes\":[\"system/*.rs\"]}").get("clientSecret").asText();
    String issued = tokens().clientCredentials(id, secret, null).accessToken();
    assertThat(fhirStatus(issued)).isEqualTo(200);

    assertThat(call("DELETE", "/" + id, null, adminToken()).statusCode()).isEqualTo(204);
    assertThat(tokens().clientCredentials(id, secret, null).status()).isEqualTo(401);
    assertThat(fhirStatus(issued)).isEqualTo(401);
    assertThat(call("DELETE", "/" + id, null, adminToken()).statusCode()).isEqualTo(404);
  }

  @Test
  void aClientWithAnAdminRoleReachesTheAdminApi() throws Exception {
    String id = id();
    String secret = create("{\"clientId\":\"" + id + "\",\"scopes\":[\"system/*.cruds\",\"system/admin\"],"
        + "\"roles\":[\"admin\"]}").get("clientSecret").asText();
    String token = tokens().clientCredentials(id, secret, null).accessToken();
    assertThat(call("GET", "", null, token).statusCode()).isEqualTo(200);
    // the same client asking only for FHIR scopes gets no admin API
    String fhirOnly = tokens().clientCredentials(id, secret, "system/*.cruds").accessToken();
    assertThat(call("GET", "", null, fhirOnly).statusCode()).isEqualTo(403);
    assertThat(call("POST", "", "{\"clientId\":\"" + id() + "\",\"scopes\":[\"system/*.rs\"]}", fhirOnly).statusCode())
        .isEqualTo(403);
  }

  @Test
  void aPublicAppSignsUsersInWithPkceAlone() throws Exception {
    String id = id();
    String redirect = "http://127.0.0.1:9/" + id;
    JsonNode created = create("{\"clientId\":\"" + id + "\",\"grantTypes\":[\"authorization_code\",\"refresh_token\"],"
        + "\"publicClient\":true,\"scopes\":[\"openid\",\"fhirUser\",\"user/*.rs\"],\"redirectUris\":[\"" + redirect + "\"]}");
    assertThat(created.get("clientSecret").isNull()).isTrue();
    assertThat(created.get("publicClient").asBoolean()).isTrue();
    String user = "nurse-" + id;
    tokens().createUser(user, TestTokens.USER_PASSWORD, List.of("nurse"), null);
    TestTokens.TokenResponse token = tokens().authorizationCode(
        new CodeFlow(id, null, redirect, true), user, TestTokens.USER_PASSWORD, "openid fhirUser user/*.rs");
    assertThat(token.status()).as(token.json().toString()).isEqualTo(200);
    assertThat(fhirStatus(token.accessToken())).isEqualTo(200);
    assertThat(call("POST", "/" + id + "/secret", null, adminToken()).statusCode()).isEqualTo(409);
  }

  @Test
  void clientIdsAreUniqueAcrossConfigurationAndDatabase() throws Exception {
    String id = id();
    create("{\"clientId\":\"" + id + "\",\"scopes\":[\"system/*.rs\"]}");
    for (String taken : List.of(id, TestTokens.ADMIN_CLIENT, "neurofhir-web")) {
      HttpResponse<String> r = call("POST", "", "{\"clientId\":\"" + taken + "\",\"scopes\":[\"system/*.rs\"]}", adminToken());
      assertThat(r.statusCode()).as(taken).isEqualTo(409);
    }
    assertThat(call("DELETE", "/" + TestTokens.ADMIN_CLIENT, null, adminToken()).statusCode()).isEqualTo(409);
    assertThat(call("POST", "/" + TestTokens.ADMIN_CLIENT + "/secret", null, adminToken()).statusCode()).isEqualTo(409);
    JsonNode builtIn = JSON.readTree(call("GET", "/neurofhir-web", null, adminToken()).body());
    assertThat(builtIn.get("source").asText()).isEqualTo("built-in");
    assertThat(builtIn.get("publicClient").asBoolean()).isTrue();
  }

  @Test
  void malformedRegistrationsAreRefusedAndNothingIsStored() throws Exception {
    String id = id();
    List<String> bad = List.of(
        "{\"clientId\":\"x\",\"scopes\":[\"system/*.rs\"]}",
        "{\"clientId\":\"" + id + "\",\"scopes\":[]}",
        "{\"clientId\":\"" + id + "\",\"scopes\":[\"everything\"]}",
        "{\"clientId\":\"" + id + "\",\"scopes\":[\"system/*.rs\"],\"grantTypes\":[\"password\"]}",
        "{\"clientId\":\"" + id + "\",\"scopes\":[\"system/*.rs\"],\"roles\":[\"patient\"]}",
        "{\"clientId\":\"" + id + "\",\"scopes\":[\"system/*.rs\"],\"roles\":[\"wizard\"]}",
        "{\"clientId\":\"" + id + "\",\"scopes\":[\"system/*.rs\"],\"publicClient\":true}",
        "{\"clientId\":\"" + id + "\",\"scopes\":[\"user/*.rs\"],\"grantTypes\":[\"authorization_code\"]}",
        "{\"clientId\":\"" + id + "\",\"scopes\":[\"user/*.rs\"],\"grantTypes\":[\"authorization_code\"],"
            + "\"redirectUris\":[\"http://app.example.org/cb\"]}",
        "{\"clientId\":\"" + id + "\",\"scopes\":[\"user/*.rs\"],\"grantTypes\":[\"authorization_code\"],"
            + "\"redirectUris\":[\"https://app.example.org/cb#frag\"]}",
        "{\"clientId\":\"" + id + "\",\"scopes\":[\"system/*.rs\"],\"grantTypes\":[\"refresh_token\"]}",
        "not json");
    for (String body : bad) {
      HttpResponse<String> r = call("POST", "", body, adminToken());
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(r.body()).as(body).contains("\"error\"");
    }
    assertThat(jdbc.sql("SELECT COUNT(*) FROM oauth2_registered_client WHERE client_id = ?").param(id)
        .query(Long.class).single()).isZero();
  }

  @Test
  void onlyAdminsManageClients() throws Exception {
    String body = "{\"clientId\":\"" + id() + "\",\"scopes\":[\"system/*.cruds\"],\"roles\":[\"admin\"]}";
    for (String role : List.of("doctor", "secretary", "nurse")) {
      assertThat(call("POST", "", body, tokenFor(role)).statusCode()).as(role).isEqualTo(403);
      assertThat(call("GET", "", null, tokenFor(role)).statusCode()).as(role).isEqualTo(403);
    }
    assertThat(call("POST", "", body, null).statusCode()).isEqualTo(401);
    String systemClient = tokens().clientCredentials("test-pacs", "test-pacs-secret", null).accessToken();
    assertThat(call("POST", "", body, systemClient).statusCode()).isEqualTo(403);
  }
}
