package org.neurofhir.server.security.launch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;

/**
 * SMART apps read the launch context from the token response ({@code patient}, {@code encounter},
 * {@code need_patient_banner}), not from the token, which is opaque to them: copied here from the claims of the
 * access token just issued.
 */
public class LaunchTokenResponse implements Consumer<OAuth2AccessTokenAuthenticationContext> {

  private final OAuth2AuthorizationService authorizations;

  public LaunchTokenResponse(OAuth2AuthorizationService authorizations) {
    this.authorizations = authorizations;
  }

  @Override
  public void accept(OAuth2AccessTokenAuthenticationContext context) {
    OAuth2AccessTokenAuthenticationToken issued = context.getAuthentication();
    OAuth2Authorization authorization =
        authorizations.findByToken(issued.getAccessToken().getTokenValue(), OAuth2TokenType.ACCESS_TOKEN);
    Map<String, Object> claims = authorization == null || authorization.getAccessToken() == null
        ? null : authorization.getAccessToken().getClaims();
    if (claims == null || !(claims.get(LaunchClaims.PATIENT) instanceof String patient)) {
      return;
    }
    Map<String, Object> parameters = new LinkedHashMap<>(issued.getAdditionalParameters());
    parameters.put(LaunchClaims.PATIENT, patient);
    if (claims.get(LaunchClaims.ENCOUNTER) instanceof String encounter) {
      parameters.put(LaunchClaims.ENCOUNTER, encounter);
    }
    // the EHR's own screen may not show who the patient is around the app
    parameters.put("need_patient_banner", true);
    context.getAccessTokenResponse().additionalParameters(parameters);
  }
}
