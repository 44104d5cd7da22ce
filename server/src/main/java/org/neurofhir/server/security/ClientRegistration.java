package org.neurofhir.server.security;

import java.util.List;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * What an OAuth2 client of the embedded authorization server is, whether it comes from configuration, from an
 * admin at run time or is built in, and how it becomes Spring Authorization Server's {@link RegisteredClient}.
 *
 * @param clientId client identifier (also the registration id, which stored grants refer to)
 * @param secret the secret as Spring's {@code {id}encoded} value ({@code {bcrypt}...}); empty = public client
 * @param grantTypes client_credentials, authorization_code, refresh_token
 * @param scopes scopes the client may ask for
 * @param redirectUris where authorization codes may be sent
 * @param roles roles a client_credentials token carries; empty = limited by its {@code system/} scopes alone
 * @param requestsPerMinute override of the global rate limit (0 = global value)
 */
public record ClientRegistration(
    String clientId,
    String secret,
    List<String> grantTypes,
    List<String> scopes,
    List<String> redirectUris,
    List<String> roles,
    int requestsPerMinute) {

  /** Client setting holding {@link #roles}. */
  public static final String ROLES_SETTING = "neurofhir.roles";
  /** Client setting holding {@link #requestsPerMinute}. */
  public static final String RATE_SETTING = "neurofhir.requests-per-minute";

  public boolean publicClient() {
    return secret == null || secret.isBlank();
  }

  public RegisteredClient toRegisteredClient(TokenSettings tokenSettings) {
    RegisteredClient.Builder builder = RegisteredClient.withId(clientId).clientId(clientId).clientName(clientId);
    if (publicClient()) {
      builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
    } else {
      builder.clientSecret(secret)
          .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
          .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
    }
    grantTypes.forEach(g -> builder.authorizationGrantType(new AuthorizationGrantType(g)));
    scopes.forEach(builder::scope);
    redirectUris.forEach(builder::redirectUri);
    // ArrayList, not List.copyOf: stored clients' settings are written as JSON through Spring Security's Jackson
    // allow-list, which cannot read JDK-internal immutable collections back
    builder.clientSettings(ClientSettings.builder()
        .requireProofKey(publicClient() || grantTypes.contains("authorization_code"))
        .requireAuthorizationConsent(false)
        .setting(ROLES_SETTING, new java.util.ArrayList<>(roles))
        .setting(RATE_SETTING, requestsPerMinute)
        .build());
    builder.tokenSettings(tokenSettings);
    return builder.build();
  }

  /** Token lifetimes from configuration; refresh tokens are rotated on every use. */
  public static TokenSettings tokenSettings(SecurityProperties props) {
    return TokenSettings.builder()
        .accessTokenTimeToLive(props.accessTokenTtl())
        .refreshTokenTimeToLive(props.refreshTokenTtl())
        .reuseRefreshTokens(false)
        .build();
  }
}
