package org.neurofhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

/** The resource server accepts exactly the tokens it should: right signature, unexpired, our issuer and audience. */
class TokenValidationTest extends ServerTestBase {

  @Autowired JwtEncoder serverKey;
  @Autowired SecurityProperties props;

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path));
    if (token != null) {
      withToken(b, token);
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A token signed with the server's own key, with claims chosen by the test. */
  private String signed(String issuer, String audience, Instant issuedAt, Instant expiresAt) {
    JwtClaimsSet.Builder builder = JwtClaimsSet.builder()
        .issuer(issuer)
        .audience(List.of(audience))
        .subject("forger")
        .claim("roles", List.of("admin"))
        .claim("client_id", "forger");
    if (issuedAt != null) {
      builder.issuedAt(issuedAt);
    }
    if (expiresAt != null) {
      builder.expiresAt(expiresAt);
    }
    JwtClaimsSet claims = builder.build();
    return serverKey.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
        .getTokenValue();
  }

  @Test
  void metadataAndHealthArePublic() throws Exception {
    assertThat(get("/fhir/metadata", null).statusCode()).isEqualTo(200);
    assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
    assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
  }

  @Test
  void fhirAndMetricsNeedAToken() throws Exception {
    HttpResponse<String> r = get("/fhir/Patient", null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
    assertThat(get("/admin/users", null).statusCode()).isEqualTo(401);
  }

  @Test
  void adminClientTokenIsAccepted() throws Exception {
    assertThat(get("/fhir/Patient?_count=1", adminToken()).statusCode()).isEqualTo(200);
    assertThat(get("/actuator/metrics", adminToken()).statusCode()).isEqualTo(200);
  }

  @Test
  void validlySignedTokenWithRightClaimsIsAccepted() throws Exception {
    // control for the refusals below: only the one changed claim makes them fail
    String good = signed(props.issuer(), props.effectiveAudience(), Instant.now(), Instant.now().plusSeconds(60));
    assertThat(get("/fhir/Patient?_count=1", good).statusCode()).isEqualTo(200);
  }

  @Test
  void expiredTokenIsRefused() throws Exception {
    String expired = signed(props.issuer(), props.effectiveAudience(),
        Instant.now().minusSeconds(3600), Instant.now().minusSeconds(600));
    assertThat(get("/fhir/Patient", expired).statusCode()).isEqualTo(401);
  }

  @Test
  void tamperedTokenIsRefused() throws Exception {
    String token = adminToken();
    String[] parts = token.split("\\.");
    String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]));
    String forged = payload.replace("\"sub\":\"test-admin\"", "\"sub\":\"someone-else\"");
    assertThat(forged).isNotEqualTo(payload);
    String tampered = parts[0] + "."
        + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes()) + "." + parts[2];
    assertThat(get("/fhir/Patient", tampered).statusCode()).isEqualTo(401);
    String badSignature = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA";
    assertThat(get("/fhir/Patient", badSignature).statusCode()).isEqualTo(401);
  }

  @Test
  void tokensWithoutExpiryOrIssueTimeAreRefused() throws Exception {
    Instant now = Instant.now();
    assertThat(get("/fhir/Patient", signed(props.issuer(), props.effectiveAudience(), now, null)).statusCode())
        .isEqualTo(401);
    assertThat(get("/fhir/Patient", signed(props.issuer(), props.effectiveAudience(), null, now.plusSeconds(60)))
        .statusCode()).isEqualTo(401);
  }

  @Test
  void tokensLivingLongerThanTheMaximumOrIssuedInTheFutureAreRefused() throws Exception {
    Instant now = Instant.now();
    String longLived = signed(props.issuer(), props.effectiveAudience(), now,
        now.plus(props.maxTokenLifetime()).plusSeconds(60));
    assertThat(get("/fhir/Patient", longLived).statusCode()).isEqualTo(401);
    String justWithin = signed(props.issuer(), props.effectiveAudience(), now,
        now.plus(props.maxTokenLifetime()).minusSeconds(60));
    assertThat(get("/fhir/Patient?_count=1", justWithin).statusCode()).isEqualTo(200);
    String fromTheFuture = signed(props.issuer(), props.effectiveAudience(), now.plusSeconds(600), now.plusSeconds(900));
    assertThat(get("/fhir/Patient", fromTheFuture).statusCode()).isEqualTo(401);
  }

  @Test
  void wrongAudienceIsRefused() throws Exception {
    String token = signed(props.issuer(), "https://another-server.example/fhir", Instant.now(), Instant.now().plusSeconds(60));
    assertThat(get("/fhir/Patient", token).statusCode()).isEqualTo(401);
  }

  @Test
  void wrongIssuerIsRefused() throws Exception {
    String token = signed("https://evil.example", props.effectiveAudience(), Instant.now(), Instant.now().plusSeconds(60));
    assertThat(get("/fhir/Patient", token).statusCode()).isEqualTo(401);
  }

  @Test
  void garbageTokenIsRefused() throws Exception {
    assertThat(get("/fhir/Patient", "not-a-jwt").statusCode()).isEqualTo(401);
  }

  @Test
  void smartConfigurationIsPublishedAtBothLocations() throws Exception {
    for (String path : List.of("/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration")) {
      HttpResponse<String> r = get(path, null);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      JsonNode doc = new ObjectMapper().readTree(r.body());
      assertThat(doc.get("issuer").asText()).isEqualTo(props.issuer());
      assertThat(doc.get("token_endpoint").asText()).isEqualTo(props.issuer() + "/oauth2/token");
      assertThat(doc.get("authorization_endpoint").asText()).isEqualTo(props.issuer() + "/oauth2/authorize");
      assertThat(doc.get("jwks_uri").asText()).isEqualTo(props.issuer() + "/oauth2/jwks");
      assertThat(doc.get("revocation_endpoint").asText()).isEqualTo(props.issuer() + "/oauth2/revoke");
      assertThat(texts(doc.get("code_challenge_methods_supported"))).containsExactly("S256");
      assertThat(texts(doc.get("grant_types_supported")))
          .contains("authorization_code", "client_credentials", "refresh_token");
      assertThat(texts(doc.get("capabilities")))
          .contains("launch-standalone", "client-confidential-symmetric", "permission-v2", "sso-openid-connect");
    }
  }

  @Test
  void oidcDiscoveryAndJwksArePublic() throws Exception {
    HttpResponse<String> oidc = get("/.well-known/openid-configuration", null);
    assertThat(oidc.statusCode()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(oidc.body()).get("issuer").asText()).isEqualTo(props.issuer());
    HttpResponse<String> jwks = get("/oauth2/jwks", null);
    assertThat(jwks.statusCode()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(jwks.body()).get("keys").get(0).get("kty").asText()).isEqualTo("RSA");
  }

  @Test
  void securityHeadersAreSet() throws Exception {
    HttpResponse<String> r = get("/fhir/Patient?_count=1", adminToken());
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue("frame-ancestors 'none'");
    assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(r.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
