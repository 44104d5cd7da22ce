package org.neurofhir.server.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token, client and hardening settings. Defaults live in {@code application.yaml}.
 *
 * @param issuer public base URL of this server; the {@code iss} of every token the embedded authorization server
 *     issues and the issuer the resource server accepts (set it to the URL clients use, e.g. https://fhir.clinic.org)
 * @param audience {@code aud} the resource server requires; empty = {@code issuer + "/fhir"} (SMART's FHIR base URL)
 * @param accessTokenTtl lifetime of access tokens
 * @param refreshTokenTtl lifetime of refresh tokens (users only; system clients just ask again)
 * @param clients OAuth2 clients registered with the embedded authorization server
 * @param roleOperations FHIR operations ({@code $name}) each role may invoke, besides what admin may do
 * @param external an external OpenID Connect issuer; when {@code issuerUri} is set the embedded server is off
 * @param rateLimit per-client request limits
 * @param signInRateLimit failed sign-ins allowed per minute at the authorization server
 * @param signingKeys rotation of the embedded authorization server's signing keys (stored in the database)
 * @param revocationSyncInterval how often each node re-reads revoked access tokens from the database: a token
 *     revoked on one node is refused by the others at most this much later
 * @param maxTokenLifetime the longest lifetime ({@code exp - iat}) of a token the resource server accepts, from this
 *     server or an external issuer; tokens without {@code exp} or {@code iat} are refused
 * @param webClient the built-in public client of the server's own pages (API explorer, sign-in from the command line)
 * @param launchTtl how long a SMART EHR launch id can start a sign-in ({@code Patient/{id}/$smart-launch})
 */
@ConfigurationProperties(prefix = "neurofhir.security")
public record SecurityProperties(
    @DefaultValue("http://localhost:8080") String issuer,
    @DefaultValue("") String audience,
    @DefaultValue("10m") Duration accessTokenTtl,
    @DefaultValue("8h") Duration refreshTokenTtl,
    @DefaultValue List<Client> clients,
    @DefaultValue Map<String, List<String>> roleOperations,
    @DefaultValue External external,
    @DefaultValue RateLimit rateLimit,
    @DefaultValue SignInRateLimit signInRateLimit,
    @DefaultValue SigningKeys signingKeys,
    @DefaultValue("2s") Duration revocationSyncInterval,
    @DefaultValue("12h") Duration maxTokenLifetime,
    @DefaultValue WebClient webClient,
    @DefaultValue("10m") Duration launchTtl) {

  /** The audience tokens must carry. */
  public String effectiveAudience() {
    return audience.isBlank() ? issuer.replaceAll("/+$", "") + "/fhir" : audience;
  }

  public boolean externalIssuer() {
    return !external.issuerUri().isBlank();
  }

  /**
   * An OAuth2 client of the embedded authorization server.
   *
   * @param clientId client identifier
   * @param secret client secret, as a Spring {@code {id}encoded} value ({@code {bcrypt}…}) or {@code {noop}plain};
   *     empty = public client (PKCE only)
   * @param grantTypes client_credentials, authorization_code, refresh_token
   * @param scopes SMART scopes the client may ask for ({@code system/ImagingStudy.cru}, {@code user/*.cruds}, ...)
   * @param redirectUris where authorization codes may be sent
   * @param roles roles a client_credentials token carries (e.g. {@code admin} for an operations client); empty =
   *     the client is limited by its {@code system/} scopes alone
   * @param requestsPerMinute override of the global rate limit for this client (0 = global value)
   */
  public record Client(
      String clientId,
      @DefaultValue("") String secret,
      @DefaultValue("client_credentials") List<String> grantTypes,
      @DefaultValue List<String> scopes,
      @DefaultValue List<String> redirectUris,
      @DefaultValue List<String> roles,
      @DefaultValue("0") int requestsPerMinute) {}

  /**
   * The first-party client of the server's own web pages and of {@code server/bin/neurofhir-admin}: public (no
   * secret to configure or leak), authorization code with PKCE, so that a user can sign in right after the first
   * start. Its tokens carry no more than the user's role allows.
   *
   * @param enabled off = no built-in client (every client then comes from configuration or {@code /admin/clients})
   * @param clientId its client id
   * @param origins where the server's pages are opened ({@code https://fhir.clinic.org}); codes are sent back only to
   *     pages of these origins and to loopback addresses (command-line sign-in); empty = the issuer
   */
  public record WebClient(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("neurofhir-web") String clientId,
      @DefaultValue List<String> origins) {}

  /**
   * An external issuer (Keycloak, an LDAP-backed IdP, ...).
   *
   * @param issuerUri issuer ({@code iss}); its OIDC discovery document gives the signing keys
   * @param jwkSetUri signing keys, when the issuer publishes no discovery document
   * @param rolesClaim claim holding the user's roles, a dotted path into nested objects ({@code realm_access.roles})
   * @param roleMapping external role name → NeuroFHIR role (admin, doctor, nurse, secretary, patient)
   * @param fhirUserClaim claim holding the FHIR Practitioner/Patient reference
   * @param authorizationEndpoint advertised in the SMART discovery document
   * @param tokenEndpoint advertised in the SMART discovery document
   */
  public record External(
      @DefaultValue("") String issuerUri,
      @DefaultValue("") String jwkSetUri,
      @DefaultValue("roles") String rolesClaim,
      @DefaultValue Map<String, String> roleMapping,
      @DefaultValue("fhirUser") String fhirUserClaim,
      @DefaultValue("") String authorizationEndpoint,
      @DefaultValue("") String tokenEndpoint) {}

  /**
   * @param requestsPerMinute requests one client (token {@code client_id}, or the remote address when anonymous)
   *     may make per minute before getting 429
   */
  public record RateLimit(@DefaultValue("true") boolean enabled, @DefaultValue("1200") int requestsPerMinute) {}

  /**
   * @param failuresPerMinutePerAddress failed sign-ins (token endpoint, introspection, revocation, login page) from
   *     one source address in a minute before its further attempts get 429 until the minute ends
   * @param failuresPerMinutePerClient the same per client id at the OAuth2 endpoints (secrets tried from many
   *     addresses); the login page has per-user lockout instead ({@code neurofhir.users.max-failed-attempts})
   */
  public record SignInRateLimit(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("30") int failuresPerMinutePerAddress,
      @DefaultValue("20") int failuresPerMinutePerClient) {}

  /**
   * @param rotationInterval a new key is made once the newest is this old (checked by every node, the first one
   *     does it); 0 = only on request ({@code POST /admin/signing-keys/rotate})
   * @param publishDelay a new key is published this long before it signs, so that verifiers that cache the JWKS
   *     (other services, apps) know it before they see tokens signed with it
   * @param refreshInterval how often each node re-reads the keys from the database
   * @param encryptionKey 32 random bytes, base64, the same on every node: private keys are stored encrypted with it;
   *     empty = stored as plain JWK (a warning at start)
   */
  public record SigningKeys(
      @DefaultValue("90d") Duration rotationInterval,
      @DefaultValue("15m") Duration publishDelay,
      @DefaultValue("1m") Duration refreshInterval,
      @DefaultValue("") String encryptionKey) {}
}
