package org.neurofhir.server.client;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.neurofhir.server.security.ApiSecurityConfig;
import org.neurofhir.server.security.ClientRegistration;
import org.neurofhir.server.security.ConfiguredAndStoredClients;
import org.neurofhir.server.security.Role;
import org.neurofhir.server.security.SecurityProperties;
import org.neurofhir.server.security.SmartScope;
import org.neurofhir.server.web.AdminApiErrors.BadRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * OAuth2 clients registered by an admin at run time, without editing configuration or restarting: an EHR, a PACS
 * bridge, a SMART app. The secret is generated here, shown once in the answer and stored as a bcrypt hash.
 * Deleting a client ends its grants at once: refresh tokens stop working and its access tokens are revoked.
 */
@RestController
@RequestMapping("/admin/clients")
@ConditionalOnExpression("'${neurofhir.security.external.issuer-uri:}' == ''")
public class ClientAdminController {

  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{3,100}");
  private static final Set<String> GRANT_TYPES = Set.of("client_credentials", "authorization_code", "refresh_token");
  /** Scopes that are not resource scopes but that clients may ask for. */
  private static final Set<String> OTHER_SCOPES =
      Set.of("openid", "fhirUser", "profile", "offline_access", "online_access", "launch", "launch/patient",
          "system/metrics.read", ApiSecurityConfig.ADMIN_SCOPE_USER, ApiSecurityConfig.ADMIN_SCOPE_SYSTEM);

  private final ConfiguredAndStoredClients clients;
  private final OAuth2AuthorizationService grants;
  private final JdbcClient jdbc;
  private final PasswordEncoder passwords;
  private final SecurityProperties props;
  private final SecureRandom random = new SecureRandom();

  public ClientAdminController(
      ConfiguredAndStoredClients clients, OAuth2AuthorizationService grants, JdbcClient jdbc,
      PasswordEncoder passwords, SecurityProperties props) {
    this.clients = clients;
    this.grants = grants;
    this.jdbc = jdbc;
    this.passwords = passwords;
    this.props = props;
  }

  /**
   * A client as registered: {@code publicClient} ones authenticate with PKCE alone (browser and mobile apps);
   * the others get a secret.
   */
  public record NewClient(
      String clientId, List<String> grantTypes, List<String> scopes, List<String> roles, List<String> redirectUris,
      Boolean publicClient) {}

  /** What an admin sees of a client; {@code clientSecret} only in the answer that created or renewed it. */
  public record ClientView(
      String clientId, String source, boolean publicClient, List<String> grantTypes, List<String> scopes,
      List<String> roles, List<String> redirectUris, String tokenEndpoint, String clientSecret) {}

  @GetMapping
  public List<ClientView> list() {
    List<ClientView> all = new java.util.ArrayList<>();
    clients.configuredClients().forEach(c -> all.add(view(c, null)));
    clients.storedClients().forEach(c -> all.add(view(c, null)));
    return all;
  }

  @GetMapping("/{clientId}")
  public ResponseEntity<?> get(@PathVariable String clientId) {
    return Optional.ofNullable(clients.findByClientId(clientId))
        .<ResponseEntity<?>>map(c -> ResponseEntity.ok(view(c, null)))
        .orElseGet(() -> notFound(clientId));
  }

  @PostMapping
  public ResponseEntity<?> create(@RequestBody NewClient request) {
    ClientRegistration registration = validated(request);
    boolean publicClient = Boolean.TRUE.equals(request.publicClient());
    String secret = publicClient ? null : newSecret();
    ClientRegistration withSecret = publicClient
        ? registration
        : new ClientRegistration(registration.clientId(), passwords.encode(secret), registration.grantTypes(),
            registration.scopes(), registration.redirectUris(), registration.roles(), 0);
    RegisteredClient client = withSecret.toRegisteredClient(ClientRegistration.tokenSettings(props));
    if (!clients.add(client)) {
      return ResponseEntity.status(HttpStatus.CONFLICT)
          .body(Map.of("error", "client id '" + request.clientId() + "' is already registered"));
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(view(clients.findByClientId(client.getClientId()), secret));
  }

  /** A new secret for a stored confidential client; the old one stops working at once. */
  @PostMapping("/{clientId}/secret")
  public ResponseEntity<?> renewSecret(@PathVariable String clientId) {
    RegisteredClient client = clients.findByClientId(clientId);
    if (client == null) {
      return notFound(clientId);
    }
    if (clients.isConfigured(clientId)) {
      return inConfiguration(clientId);
    }
    if (client.getClientSecret() == null) {
      return ResponseEntity.status(HttpStatus.CONFLICT)
          .body(Map.of("error", "client '" + clientId + "' is public: it has no secret"));
    }
    String secret = newSecret();
    clients.replaceStored(RegisteredClient.from(client).clientSecret(passwords.encode(secret)).build());
    return ResponseEntity.ok(view(clients.findByClientId(clientId), secret));
  }

  @DeleteMapping("/{clientId}")
  public ResponseEntity<?> delete(@PathVariable String clientId) {
    if (clients.isConfigured(clientId)) {
      return inConfiguration(clientId);
    }
    if (clients.findByClientId(clientId) == null) {
      return notFound(clientId);
    }
    // grants are read back through the authorization service while the client still exists (it maps each row
    // with its client); removing them revokes their access tokens on every node
    jdbc.sql("SELECT id FROM oauth2_authorization WHERE registered_client_id = ?").param(clientId)
        .query(String.class).list().stream()
        .map(grants::findById)
        .filter(java.util.Objects::nonNull)
        .forEach(grants::remove);
    clients.deleteStored(clientId);
    return ResponseEntity.noContent().build();
  }

  private ClientRegistration validated(NewClient request) {
    if (request.clientId() == null || !CLIENT_ID.matcher(request.clientId()).matches()) {
      throw new BadRequest("clientId: 3-100 characters of letters, digits, '.', '_', '-'");
    }
    List<String> grantTypes = orEmpty(request.grantTypes()).isEmpty()
        ? List.of("client_credentials") : List.copyOf(new LinkedHashSet<>(request.grantTypes()));
    for (String g : grantTypes) {
      if (!GRANT_TYPES.contains(g)) {
        throw new BadRequest("grantTypes: '" + g + "' is not one of client_credentials, authorization_code, refresh_token");
      }
    }
    boolean codeFlow = grantTypes.contains("authorization_code");
    if (grantTypes.contains("refresh_token") && !codeFlow) {
      throw new BadRequest("grantTypes: refresh_token needs authorization_code (system clients just ask again)");
    }
    boolean publicClient = Boolean.TRUE.equals(request.publicClient());
    if (publicClient && grantTypes.contains("client_credentials")) {
      throw new BadRequest("publicClient: a client without a secret cannot use client_credentials");
    }
    List<String> scopes = List.copyOf(new LinkedHashSet<>(orEmpty(request.scopes())));
    if (scopes.isEmpty()) {
      throw new BadRequest("scopes: at least one, e.g. system/*.rs or user/*.cruds");
    }
    for (String s : scopes) {
      if (s == null || !(OTHER_SCOPES.contains(s) || SmartScope.parse(s).isPresent())) {
        throw new BadRequest("scopes: '" + s + "' is not a SMART scope (system/Patient.rs, user/*.cruds, openid, ...)");
      }
    }
    List<String> roles = List.copyOf(new LinkedHashSet<>(orEmpty(request.roles())));
    for (String r : roles) {
      Role role = Role.parse(r).orElseThrow(
          () -> new BadRequest("roles: unknown role '" + r + "'; roles: admin, doctor, nurse, secretary"));
      if (role == Role.PATIENT) {
        throw new BadRequest("roles: a client cannot be a patient (patients sign in as users)");
      }
    }
    if (!roles.isEmpty() && !grantTypes.contains("client_credentials")) {
      throw new BadRequest("roles: only client_credentials tokens carry a client's roles (users bring their own)");
    }
    List<String> redirectUris = List.copyOf(new LinkedHashSet<>(orEmpty(request.redirectUris())));
    if (codeFlow && redirectUris.isEmpty()) {
      throw new BadRequest("redirectUris: authorization_code needs at least one");
    }
    if (!codeFlow && !redirectUris.isEmpty()) {
      throw new BadRequest("redirectUris: only for authorization_code");
    }
    redirectUris.forEach(ClientAdminController::checkRedirectUri);
    return new ClientRegistration(request.clientId(), "", grantTypes, scopes, redirectUris,
        roles.stream().map(r -> Role.parse(r).orElseThrow().id()).toList(), 0);
  }

  /** Absolute, no fragment (RFC 6749 3.1.2), and https unless the code stays on this machine. */
  private static void checkRedirectUri(String uri) {
    URI parsed;
    try {
      parsed = uri == null ? null : new URI(uri);
    } catch (java.net.URISyntaxException e) {
      parsed = null;
    }
    if (parsed == null || parsed.getHost() == null || parsed.getFragment() != null
        || !("https".equals(parsed.getScheme()) || "http".equals(parsed.getScheme()))) {
      throw new BadRequest("redirectUris: '" + uri + "' must be an absolute http(s) URI without a fragment");
    }
    boolean local = Set.of("localhost", "127.0.0.1", "[::1]").contains(parsed.getHost());
    if ("http".equals(parsed.getScheme()) && !local) {
      throw new BadRequest("redirectUris: '" + uri + "' must use https (http only for localhost / loopback)");
    }
  }

  private ClientView view(RegisteredClient c, String secret) {
    List<String> roles = c.getClientSettings().getSetting(ClientRegistration.ROLES_SETTING);
    String source = clients.isConfigured(c.getClientId())
        ? (c.getClientId().equals(props.webClient().clientId()) && props.webClient().enabled() ? "built-in" : "configuration")
        : "database";
    return new ClientView(c.getClientId(), source, c.getClientSecret() == null,
        c.getAuthorizationGrantTypes().stream().map(AuthorizationGrantType::getValue).sorted().toList(),
        c.getScopes().stream().sorted().toList(), roles == null ? List.of() : List.copyOf(roles),
        c.getRedirectUris().stream().sorted().toList(), props.issuer().replaceAll("/+$", "") + "/oauth2/token", secret);
  }

  private String newSecret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }

  private static ResponseEntity<?> notFound(String clientId) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no client '" + clientId + "'"));
  }

  private static ResponseEntity<?> inConfiguration(String clientId) {
    return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error",
        "client '" + clientId + "' is defined in configuration (neurofhir.security.clients): change it there"));
  }
}
