package org.neurofhir.server.security.launch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;

/**
 * The launch context claims of an access token ({@code patient}, {@code encounter}): taken from the launch id the
 * first token spends, and carried over from the previous access token on refresh, so a refreshed token stays in the
 * same patient's record.
 */
public class LaunchClaims {

  public static final String LAUNCH_SCOPE = "launch";
  public static final String LAUNCH_PARAMETER = "launch";
  public static final String PATIENT = "patient";
  public static final String ENCOUNTER = "encounter";

  private final LaunchContexts launches;

  public LaunchClaims(LaunchContexts launches) {
    this.launches = launches;
  }

  /**
   * @param ownPatientId the id of the Patient a patient user is; such a user can be launched into no other record
   */
  public Map<String, String> forAccessToken(JwtEncodingContext context, Optional<String> ownPatientId) {
    Map<String, String> claims = new LinkedHashMap<>();
    OAuth2Authorization authorization = context.getAuthorization();
    if (authorization == null) {
      return claims;
    }
    AuthorizationGrantType grant = context.getAuthorizationGrantType();
    if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(grant)
        && context.getAuthorizedScopes().contains(LAUNCH_SCOPE)) {
      OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
      Object launch = request == null ? null : request.getAdditionalParameters().get(LAUNCH_PARAMETER);
      LaunchContext launched = (launch instanceof String id
          ? launches.spend(id, context.getRegisteredClient().getClientId()) : Optional.<LaunchContext>empty())
          .orElseThrow(() -> invalidGrant("the launch has expired or was already used; open the app again"));
      if (ownPatientId.isPresent() && !ownPatientId.get().equals(launched.patientId())) {
        throw invalidGrant("a patient can be launched into their own record only");
      }
      claims.put(PATIENT, launched.patientId());
      launched.encounterId().ifPresent(e -> claims.put(ENCOUNTER, e));
    } else if (AuthorizationGrantType.REFRESH_TOKEN.equals(grant)) {
      OAuth2Authorization.Token<OAuth2AccessToken> previous = authorization.getAccessToken();
      Map<String, Object> before = previous == null ? null : previous.getClaims();
      if (before != null) {
        for (String name : new String[] {PATIENT, ENCOUNTER}) {
          if (before.get(name) instanceof String value) {
            claims.put(name, value);
          }
        }
      }
    }
    return claims;
  }

  private static OAuth2AuthenticationException invalidGrant(String description) {
    return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, description, null));
  }
}
