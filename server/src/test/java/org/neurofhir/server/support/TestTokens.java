package org.neurofhir.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Tokens for tests, always through the server's real endpoints: client_credentials at {@code /oauth2/token} for the
 * test clients of application-test.yaml, and the full authorization_code + PKCE flow (authorize → login page →
 * code → token) for users, who are created through {@code /admin/users}.
 */
public final class TestTokens {

  public static final String ADMIN_CLIENT = "test-admin";
  public static final String ADMIN_SECRET = "test-admin-secret";
  public static final String APP_CLIENT = "test-app";
  public static final String APP_SECRET = "test-app-secret";
  public static final String APP_REDIRECT = "http://127.0.0.1:9/callback";
  public static final String USER_PASSWORD = "correct-horse-battery";
  public static final String STAFF_SCOPES = "openid fhirUser offline_access user/*.cruds";

  /** The token endpoint's answer. */
  public record TokenResponse(int status, String accessToken, String refreshToken, String idToken, JsonNode json) {}

  /** The login page refused the credentials; {@code location} is where it sent the browser. */
  public static final class LoginRefused extends RuntimeException {
    public final String location;

    LoginRefused(String location) {
      super("login refused: " + location);
      this.location = location;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+type=\"hidden\"\\s+value=\"([^\"]+)\"");

  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  public TestTokens(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** The test admin client's token (role admin, scope system/*.cruds), fetched once per server. */
  public String admin() {
    return CACHE.computeIfAbsent(baseUrl + "|admin", k -> clientCredentials(ADMIN_CLIENT, ADMIN_SECRET, null).accessToken());
  }

  /** A token of a user with this role (created once per server; not linked to a FHIR resource). */
  public String forRole(String role) {
    return CACHE.computeIfAbsent(baseUrl + "|role|" + role, k -> {
      String username = "test-" + role + "-" + UUID.randomUUID().toString().substring(0, 8);
      createUser(username, USER_PASSWORD, List.of(role), null);
      return authorizationCode(username, USER_PASSWORD, STAFF_SCOPES).accessToken();
    });
  }

  /** A token of a new patient user linked to {@code Patient/<patientId>}. */
  public String forPatient(String patientId) {
    return CACHE.computeIfAbsent(baseUrl + "|patient|" + patientId, k -> {
      String username = "test-patient-" + UUID.randomUUID().toString().substring(0, 8);
      createUser(username, USER_PASSWORD, List.of("patient"), "Patient/" + patientId);
      return authorizationCode(username, USER_PASSWORD, "openid fhirUser patient/*.rs user/*.cruds").accessToken();
    });
  }

  public TokenResponse clientCredentials(String clientId, String secret, String scope) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    if (scope != null) {
      form.put("scope", scope);
    }
    return tokenRequest(clientId, secret, form);
  }

  public TokenResponse refresh(String refreshToken) {
    return tokenRequest(APP_CLIENT, APP_SECRET, Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
  }

  /** POST /oauth2/revoke; returns the HTTP status. */
  public int revoke(String token) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + "/oauth2/revoke"))
            .header("Authorization", basic(APP_CLIENT, APP_SECRET))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("token", token))))
            .build())
        .statusCode();
  }

  /** Creates a user through the admin endpoint; returns the HTTP status. */
  public int createUser(String username, String password, List<String> roles, String fhirUser) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("username", username);
    body.put("password", password);
    body.put("roles", roles);
    body.put("fhirUser", fhirUser);
    try {
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/users"))
          .header("Authorization", "Bearer " + admin())
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
          .build());
      if (r.statusCode() != 201) {
        throw new IllegalStateException("creating user " + username + ": " + r.statusCode() + " " + r.body());
      }
      return r.statusCode();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Registers a confidential client_credentials client through {@code /admin/clients}; returns its secret. */
  public String createClient(String clientId, List<String> scopes) {
    try {
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/clients"))
          .header("Authorization", "Bearer " + admin())
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(
              JSON.writeValueAsString(Map.of("clientId", clientId, "scopes", scopes))))
          .build());
      if (r.statusCode() != 201) {
        throw new IllegalStateException("creating client " + clientId + ": " + r.statusCode() + " " + r.body());
      }
      return JSON.readTree(r.body()).get("clientSecret").asText();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Standalone launch as a browser would do it: authorize, get sent to the login page, sign in, follow the redirect
   * back to authorize, receive the code at the redirect URI and exchange it with the PKCE verifier.
   */
  public TokenResponse authorizationCode(String username, String password, String scope) {
    return authorizationCode(username, password, scope, baseUrl);
  }

  /**
   * The same, with the login page served by the node at {@code loginBaseUrl}, as a load balancer without sticky
   * sessions may do: the browser's session must be found there.
   */
  public TokenResponse authorizationCode(String username, String password, String scope, String loginBaseUrl) {
    return authorizationCode(new CodeFlow(APP_CLIENT, APP_SECRET, APP_REDIRECT, true), username, password, scope,
        loginBaseUrl);
  }

  /**
   * The client of an authorization-code sign-in: {@code secret} null for a public client; {@code pkce} false sends
   * no code challenge (to prove it is required).
   */
  public record CodeFlow(String clientId, String secret, String redirectUri, boolean pkce) {}

  /** A user's sign-in through this client, up to the token. */
  public TokenResponse authorizationCode(CodeFlow flow, String username, String password, String scope) {
    return authorizationCode(flow, username, password, scope, baseUrl);
  }

  private TokenResponse authorizationCode(
      CodeFlow flow, String username, String password, String scope, String loginBaseUrl) {
    return authorizationCode(flow, username, password, scope, loginBaseUrl, Map.of());
  }

  /** The test app's sign-in with more authorization request parameters (a SMART EHR launch's {@code launch}). */
  public TokenResponse authorizationCode(String username, String password, String scope, Map<String, String> extra) {
    return authorizationCode(new CodeFlow(APP_CLIENT, APP_SECRET, APP_REDIRECT, true), username, password, scope,
        baseUrl, extra);
  }

  private TokenResponse authorizationCode(CodeFlow flow, String username, String password, String scope,
      String loginBaseUrl, Map<String, String> extra) {
    String verifier = randomUrlSafe(32);
    String state = randomUrlSafe(8);
    String callback = authorizationCallback(flow, verifier, state, username, password, scope, loginBaseUrl, extra);
    if (callback == null || !callback.startsWith(flow.redirectUri())) {
      throw new IllegalStateException("authorize did not redirect to the app: " + callback);
    }
    Map<String, String> query = query(URI.create(callback).getRawQuery());
    if (!state.equals(query.get("state")) || query.get("code") == null) {
      throw new IllegalStateException("bad callback " + callback);
    }
    Map<String, String> form = new LinkedHashMap<>(Map.of(
        "grant_type", "authorization_code",
        "code", query.get("code"),
        "redirect_uri", flow.redirectUri(),
        "code_verifier", verifier));
    return tokenRequest(flow.clientId(), flow.secret(), form);
  }

  /**
   * Signs in as a browser would (authorize, login page, back to authorize) and returns where the server finally
   * sends the browser: the redirect URI with a code or an error, or null when it sends it nowhere.
   */
  public String authorizationCallback(CodeFlow flow, String username, String password, String scope) {
    return authorizationCallback(flow, username, password, scope, Map.of());
  }

  /** The same, with more authorization request parameters. */
  public String authorizationCallback(
      CodeFlow flow, String username, String password, String scope, Map<String, String> extra) {
    return authorizationCallback(flow, randomUrlSafe(32), randomUrlSafe(8), username, password, scope, baseUrl, extra);
  }

  private String authorizationCallback(
      CodeFlow flow, String verifier, String state, String username, String password, String scope,
      String loginBaseUrl, Map<String, String> extra) {
    HttpClient browser = HttpClient.newBuilder()
        .cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    Map<String, String> params = new LinkedHashMap<>();
    params.put("response_type", "code");
    params.put("client_id", flow.clientId());
    params.put("redirect_uri", flow.redirectUri());
    params.put("scope", scope);
    params.put("state", state);
    if (flow.pkce()) {
      params.put("code_challenge", challenge(verifier));
      params.put("code_challenge_method", "S256");
    }
    params.putAll(extra);
    String authorizeUrl = baseUrl + "/oauth2/authorize?" + form(params);

    HttpResponse<String> r = get(browser, authorizeUrl);
    if (location(r) == null || !location(r).contains("/login")) {
      return location(r); // refused before sign-in: an error redirect, or none at all for a bad redirect URI
    }
    HttpResponse<String> loginPage = get(browser, loginBaseUrl + URI.create(absolute(location(r))).getRawPath());
    Matcher csrf = CSRF.matcher(loginPage.body());
    if (!csrf.find()) {
      throw new IllegalStateException("no CSRF token on the login page: " + loginPage.body());
    }
    HttpResponse<String> posted = send(browser, HttpRequest.newBuilder(URI.create(loginBaseUrl + "/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "text/html")
        .POST(HttpRequest.BodyPublishers.ofString(
            form(Map.of("username", username, "password", password, "_csrf", csrf.group(1)))))
        .build());
    String afterLogin = location(posted);
    if (afterLogin == null || afterLogin.contains("error")) {
      throw new LoginRefused(afterLogin);
    }
    return location(get(browser, absolute(afterLogin)));
  }

  private TokenResponse tokenRequest(String clientId, String secret, Map<String, String> form) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/oauth2/token"))
        .header("Content-Type", "application/x-www-form-urlencoded");
    Map<String, String> body = new LinkedHashMap<>(form);
    if (secret == null) {
      body.put("client_id", clientId); // a public client names itself; PKCE proves it
    } else {
      request.header("Authorization", basic(clientId, secret));
    }
    HttpResponse<String> r = send(request.POST(HttpRequest.BodyPublishers.ofString(form(body))).build());
    try {
      JsonNode json = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
      return new TokenResponse(r.statusCode(), text(json, "access_token"), text(json, "refresh_token"),
          text(json, "id_token"), json);
    } catch (IOException e) {
      throw new IllegalStateException("token endpoint answered " + r.statusCode() + ": " + r.body(), e);
    }
  }

  private static String text(JsonNode json, String field) {
    return json.hasNonNull(field) ? json.get(field).asText() : null;
  }

  private HttpResponse<String> get(HttpClient client, String url) {
    return send(client, HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    return send(http, request);
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String location(HttpResponse<String> r) {
    return r.headers().firstValue("Location").orElse(null);
  }

  private String absolute(String location) {
    return location.startsWith("http") ? location : baseUrl + location;
  }

  public static String basic(String user, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static String form(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String pair : raw == null ? new String[0] : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        result.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return result;
  }

  private static String randomUrlSafe(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String challenge(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
