package org.neurofhir.server.security.launch;

import java.util.function.Consumer;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;

/**
 * An authorization request with the {@code launch} scope must carry a launch id that is still usable by this client;
 * otherwise the app is sent back {@code invalid_request} before anyone signs in, rather than getting a token
 * without the patient it was opened for.
 */
public class LaunchRequestValidator implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

  private final LaunchContexts launches;

  public LaunchRequestValidator(LaunchContexts launches) {
    this.launches = launches;
  }

  @Override
  public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
    OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
    if (!request.getScopes().contains(LaunchClaims.LAUNCH_SCOPE)) {
      return;
    }
    Object launch = request.getAdditionalParameters().get(LaunchClaims.LAUNCH_PARAMETER);
    if (!(launch instanceof String id) || launches.usable(id, request.getClientId()).isEmpty()) {
      throw new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
          "launch: unknown, expired, already used or made for another app; open the app again from the EHR", null),
          request);
    }
  }
}
