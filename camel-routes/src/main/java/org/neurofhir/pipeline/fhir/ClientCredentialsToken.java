package org.neurofhir.pipeline.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * An OAuth2 client_credentials access token for a remote worker, fetched from the token endpoint and renewed a
 * minute before it expires (so a long inference never writes with a token that just ran out).
 */
public final class ClientCredentialsToken {

  private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI tokenUrl;
  private final String clientId;
  private final String clientSecret;
  private final String scope;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final Clock clock;
  private String token;
  private Instant renewAt = Instant.MIN;

  public ClientCredentialsToken(URI tokenUrl, String clientId, String clientSecret, String scope, Clock clock) {
    this.tokenUrl = tokenUrl;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.scope = scope;
    this.clock = clock;
  }

  public synchronized String get() {
    if (token == null || !clock.instant().isBefore(renewAt)) {
      fetch();
    }
    return token;
  }

  private void fetch() {
    String basic = Base64.getEncoder().encodeToString(
        (enc(clientId) + ":" + enc(clientSecret)).getBytes(StandardCharsets.UTF_8));
    String form = "grant_type=client_credentials" + (scope == null || scope.isBlank() ? "" : "&scope=" + enc(scope));
    HttpRequest request = HttpRequest.newBuilder(tokenUrl).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Basic " + basic)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new FhirPortException("token endpoint " + tokenUrl + " answered " + response.statusCode() + " for client '"
            + clientId + "': " + response.body(), response.statusCode() >= 500, null);
      }
      JsonNode body = JSON.readTree(response.body());
      token = body.path("access_token").asText();
      long expiresIn = body.path("expires_in").asLong(300);
      renewAt = clock.instant().plusSeconds(expiresIn).minus(RENEW_BEFORE_EXPIRY);
    } catch (IOException e) {
      throw new FhirPortException("token endpoint " + tokenUrl + " not reachable: " + e.getMessage(), true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FhirPortException("interrupted while fetching a token", true, e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
