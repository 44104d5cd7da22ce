package org.neurofhir.server.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.neurofhir.server.security.launch.LaunchClaims;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Puts what the resource server needs into tokens: {@code aud} = the FHIR base, {@code roles}, {@code fhirUser},
 * {@code client_id} and the SMART launch context ({@code patient}, {@code encounter}). User roles are read at issue
 * time, so a suspended user's refresh fails and a changed role shows in the next token.
 */
class TokenClaimsCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

  private final String audience;
  private final ObjectProvider<UserClaimsSource> users;
  private final ApplicationEventPublisher events;
  private final LaunchClaims launchClaims;

  TokenClaimsCustomizer(String audience, ObjectProvider<UserClaimsSource> users, ApplicationEventPublisher events,
      LaunchClaims launchClaims) {
    this.audience = audience;
    this.users = users;
    this.events = events;
    this.launchClaims = launchClaims;
  }

  @Override
  public void customize(JwtEncodingContext context) {
    String clientId = context.getRegisteredClient().getClientId();
    boolean clientCredentials = AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType());
    List<String> roles;
    Optional<String> fhirUser = Optional.empty();
    if (clientCredentials) {
      List<String> configured =
          context.getRegisteredClient().getClientSettings().getSetting(ClientRegistration.ROLES_SETTING);
      roles = configured == null ? List.of() : configured;
    } else {
      String username = context.getPrincipal().getName();
      Optional<UserClaimsSource.UserClaims> claims =
          Optional.ofNullable(users.getIfAvailable()).flatMap(source -> source.claimsFor(username));
      if (claims.isEmpty()) {
        throw new org.springframework.security.oauth2.core.OAuth2AuthenticationException(
            new org.springframework.security.oauth2.core.OAuth2Error("invalid_grant", "user is suspended or unknown", null));
      }
      roles = claims.map(c -> c.roles().stream().map(Role::id).toList()).orElse(List.of());
      fhirUser = claims.flatMap(UserClaimsSource.UserClaims::fhirUser);
    }
    if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
      fhirUser.ifPresent(f -> context.getClaims().claim("fhirUser", f));
      return;
    }
    if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
      return;
    }
    // ArrayList, not List.of: the claims are stored with the grant (JdbcOAuth2AuthorizationService, Jackson with
    // Spring Security's type allow-list), which cannot read JDK-internal immutable collections back
    context.getClaims().audience(new ArrayList<>(List.of(audience))).claim("client_id", clientId)
        .claim("roles", new ArrayList<>(roles));
    if (clientCredentials && context.getAuthorizedScopes().isEmpty()) {
      // a client that asks for no scope gets all it is registered for (as Keycloak's default scopes do)
      context.getClaims().claim("scope", new ArrayList<>(context.getRegisteredClient().getScopes()));
    }
    fhirUser.ifPresent(f -> context.getClaims().claim("fhirUser", f));
    if (!clientCredentials) {
      // a patient account linked to no Patient is "" here: it matches no launch
      Optional<String> ownPatient = roles.contains(Role.PATIENT.id())
          ? Optional.of(fhirUser.filter(f -> f.startsWith("Patient/")).map(f -> f.substring("Patient/".length()))
              .orElse(""))
          : Optional.empty();
      launchClaims.forAccessToken(context, ownPatient).forEach((name, value) -> context.getClaims().claim(name, value));
    }
    events.publishEvent(new TokenIssuedEvent(
        context.getPrincipal().getName(),
        clientId,
        context.getAuthorizationGrantType().getValue(),
        String.join(" ", context.getAuthorizedScopes())));
  }
}
