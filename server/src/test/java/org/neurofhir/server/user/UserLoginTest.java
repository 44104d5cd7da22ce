package org.neurofhir.server.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;
import org.neurofhir.server.support.TestTokens;
import org.neurofhir.server.support.TestTokens.TokenResponse;

/** Users through the real login page and token endpoint: lockout, suspension, refresh, revocation, admin API. */
class UserLoginTest extends ServerTestBase {

  private static final String PASSWORD = "a-long-enough-password";

  private String newUser(String role) {
    String username = unique("user-");
    tokens().createUser(username, PASSWORD, List.of(role), null);
    return username;
  }

  private int fhirStatus(String token) throws Exception {
    return http.send(withToken(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient?_count=1")), token).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private HttpResponse<String> admin(String method, String path, String json, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/users" + path))
        .header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    return http.send(withToken(b, token).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void userSignsInWithAuthorizationCodeAndPkce() throws Exception {
    String username = newUser("doctor");
    TokenResponse token = tokens().authorizationCode(username, PASSWORD, TestTokens.STAFF_SCOPES);
    assertThat(token.status()).isEqualTo(200);
    assertThat(token.refreshToken()).isNotBlank();
    assertThat(token.idToken()).isNotBlank();
    assertThat(fhirStatus(token.accessToken())).isEqualTo(200);
  }

  @Test
  void firstAdminComesFromConfiguredPasswordAndHasNoDefault() throws Exception {
    TokenResponse admin =
        tokens().authorizationCode("admin", "test-admin-password", TestTokens.STAFF_SCOPES + " user/admin");
    assertThat(admin(
        "GET", "", null, admin.accessToken()).statusCode()).isEqualTo(200);
    // the role alone is not enough: a token the admin asked without user/admin cannot use the admin API
    TokenResponse fhirOnly = tokens().authorizationCode("admin", "test-admin-password", TestTokens.STAFF_SCOPES);
    assertThat(admin("GET", "", null, fhirOnly.accessToken()).statusCode()).isEqualTo(403);
    assertThat(admin("POST", "", "{\"username\":\"x-" + java.util.UUID.randomUUID() + "\",\"password\":\"a-long-enough-password\","
        + "\"roles\":[\"admin\"]}", fhirOnly.accessToken()).statusCode()).isEqualTo(403);
    TokenResponse readOnly = tokens().authorizationCode("admin", "test-admin-password", "openid user/Observation.rs");
    assertThat(admin("GET", "", null, readOnly.accessToken()).statusCode()).isEqualTo(403);
    assertThatThrownBy(() -> tokens().authorizationCode("admin", "admin", TestTokens.STAFF_SCOPES))
        .isInstanceOf(TestTokens.LoginRefused.class);
  }

  @Test
  void fiveFailedLoginsLockTheAccountUntilAnAdminUnlocksIt() throws Exception {
    String username = newUser("nurse");
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> tokens().authorizationCode(username, "wrong-password!", TestTokens.STAFF_SCOPES))
          .isInstanceOf(TestTokens.LoginRefused.class);
    }
    // locked: even the right password is refused now
    assertThatThrownBy(() -> tokens().authorizationCode(username, PASSWORD, TestTokens.STAFF_SCOPES))
        .isInstanceOf(TestTokens.LoginRefused.class);
    HttpResponse<String> view = admin("GET", "/" + username, null, adminToken());
    assertThat(view.body()).contains("\"failedAttempts\":5").contains("lockedUntil\":\"");

    assertThat(admin("POST", "/" + username + "/unlock", null, adminToken()).statusCode()).isEqualTo(200);
    assertThat(tokens().authorizationCode(username, PASSWORD, TestTokens.STAFF_SCOPES).status()).isEqualTo(200);
  }

  @Test
  void fewerFailuresThanTheLimitDoNotLock() {
    String username = newUser("nurse");
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> tokens().authorizationCode(username, "wrong-password!", TestTokens.STAFF_SCOPES))
          .isInstanceOf(TestTokens.LoginRefused.class);
    }
    assertThat(tokens().authorizationCode(username, PASSWORD, TestTokens.STAFF_SCOPES).status()).isEqualTo(200);
  }

  @Test
  void suspendedUserCannotSignInOrRefresh() throws Exception {
    String username = newUser("secretary");
    TokenResponse before = tokens().authorizationCode(username, PASSWORD, TestTokens.STAFF_SCOPES);
    assertThat(admin("POST", "/" + username + "/suspend", null, adminToken()).statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> tokens().authorizationCode(username, PASSWORD, TestTokens.STAFF_SCOPES))
        .isInstanceOf(TestTokens.LoginRefused.class);
    assertThat(tokens().refresh(before.refreshToken()).status()).isEqualTo(400);
    assertThat(admin("POST", "/" + username + "/activate", null, adminToken()).statusCode()).isEqualTo(200);
    assertThat(tokens().authorizationCode(username, PASSWORD, TestTokens.STAFF_SCOPES).status()).isEqualTo(200);
  }

  @Test
  void refreshTokenGivesANewAccessTokenAndIsRotated() throws Exception {
    String username = newUser("doctor");
    TokenResponse first = tokens().authorizationCode(username, PASSWORD, TestTokens.STAFF_SCOPES);
    TokenResponse refreshed = tokens().refresh(first.refreshToken());
    assertThat(refreshed.status()).isEqualTo(200);
    assertThat(refreshed.accessToken()).isNotEqualTo(first.accessToken());
    assertThat(fhirStatus(refreshed.accessToken())).isEqualTo(200);
    // rotation: the used refresh token is spent
    assertThat(refreshed.refreshToken()).isNotEqualTo(first.refreshToken());
    assertThat(tokens().refresh(first.refreshToken()).status()).isEqualTo(400);
  }

  @Test
  void revokedAccessTokenIsRefusedByTheResourceServer() throws Exception {
    String username = newUser("doctor");
    TokenResponse token = tokens().authorizationCode(username, PASSWORD, TestTokens.STAFF_SCOPES);
    assertThat(fhirStatus(token.accessToken())).isEqualTo(200);
    assertThat(tokens().revoke(token.accessToken())).isEqualTo(200);
    assertThat(fhirStatus(token.accessToken())).isEqualTo(401);
  }

  @Test
  void revokedRefreshTokenCannotBeUsedAndEndsItsAccessToken() throws Exception {
    String username = newUser("doctor");
    TokenResponse token = tokens().authorizationCode(username, PASSWORD, TestTokens.STAFF_SCOPES);
    assertThat(tokens().revoke(token.refreshToken())).isEqualTo(200);
    assertThat(tokens().refresh(token.refreshToken()).status()).isEqualTo(400);
    assertThat(fhirStatus(token.accessToken())).isEqualTo(401);
  }

  @Test
  void adminEndpointsAreForAdminsOnly() throws Exception {
    assertThat(admin("GET", "", null, tokenFor("doctor")).statusCode()).isEqualTo(403);
    assertThat(admin("POST", "", "{\"username\":\"x-evil\",\"password\":\"123456789012345\",\"roles\":[\"admin\"]}",
        tokenFor("nurse")).statusCode()).isEqualTo(403);
    HttpRequest anonymous = HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/users")).GET().build();
    assertThat(http.send(anonymous, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
  }

  @Test
  void badUserRequestsGetClearErrors() throws Exception {
    String admin = adminToken();
    HttpResponse<String> shortPassword =
        admin("POST", "", "{\"username\":\"" + unique("u") + "\",\"password\":\"short\",\"roles\":[\"nurse\"]}", admin);
    assertThat(shortPassword.statusCode()).isEqualTo(400);
    assertThat(shortPassword.body()).contains("at least 12 characters");
    HttpResponse<String> badRole = admin("POST", "",
        "{\"username\":\"" + unique("u") + "\",\"password\":\"long-enough-pass\",\"roles\":[\"wizard\"]}", admin);
    assertThat(badRole.statusCode()).isEqualTo(400);
    assertThat(badRole.body()).contains("unknown role 'wizard'");
    HttpResponse<String> patientWithoutLink = admin("POST", "",
        "{\"username\":\"" + unique("u") + "\",\"password\":\"long-enough-pass\",\"roles\":[\"patient\"]}", admin);
    assertThat(patientWithoutLink.statusCode()).isEqualTo(400);
    assertThat(admin("POST", "", "{not json", admin).statusCode()).isEqualTo(400);
    String name = newUser("nurse");
    assertThat(admin("POST", "",
        "{\"username\":\"" + name + "\",\"password\":\"long-enough-pass\",\"roles\":[\"nurse\"]}", admin).statusCode())
        .isEqualTo(409);
    assertThat(admin("POST", "/no-such-user/suspend", null, admin).statusCode()).isEqualTo(404);
    // hashes never leave the server
    assertThat(admin("GET", "", null, admin).body()).doesNotContain("bcrypt").doesNotContain("$2a$");
  }

  @Test
  void passwordResetByAdminReplacesTheOldPassword() throws Exception {
    String username = newUser("nurse");
    assertThat(admin("POST", "/" + username + "/password", "{\"password\":\"brand-new-password\"}", adminToken())
        .statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> tokens().authorizationCode(username, PASSWORD, TestTokens.STAFF_SCOPES))
        .isInstanceOf(TestTokens.LoginRefused.class);
    assertThat(tokens().authorizationCode(username, "brand-new-password", TestTokens.STAFF_SCOPES).status())
        .isEqualTo(200);
  }
}
