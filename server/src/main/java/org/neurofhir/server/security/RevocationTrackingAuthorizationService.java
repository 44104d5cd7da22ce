package org.neurofhir.server.security;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * The authorization server's store of issued grants (in the database, see EmbeddedAuthorizationServerConfig) that
 * tells {@link RevokedTokens} when an access token is invalidated, by revocation of itself or of its refresh token:
 * the grant row says so too, but the resource server checks JWTs without reading grants.
 */
public class RevocationTrackingAuthorizationService implements OAuth2AuthorizationService {

  private final OAuth2AuthorizationService delegate;
  private final RevokedTokens revokedTokens;
  private final Runnable afterSave;

  /** @param afterSave housekeeping after each save (purging expired grants when due) */
  public RevocationTrackingAuthorizationService(
      OAuth2AuthorizationService delegate, RevokedTokens revokedTokens, Runnable afterSave) {
    this.delegate = delegate;
    this.revokedTokens = revokedTokens;
    this.afterSave = afterSave;
  }

  @Override
  public void save(OAuth2Authorization authorization) {
    OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
    if (access != null && access.isInvalidated()) {
      revokedTokens.revoke(access.getToken().getTokenValue(), access.getToken().getExpiresAt());
    }
    delegate.save(authorization);
    afterSave.run();
  }

  @Override
  public void remove(OAuth2Authorization authorization) {
    OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
    if (access != null) {
      revokedTokens.revoke(access.getToken().getTokenValue(), access.getToken().getExpiresAt());
    }
    delegate.remove(authorization);
  }

  @Override
  public OAuth2Authorization findById(String id) {
    return delegate.findById(id);
  }

  @Override
  public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
    return delegate.findByToken(token, tokenType);
  }
}
