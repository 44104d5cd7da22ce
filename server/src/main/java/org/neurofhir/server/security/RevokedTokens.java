package org.neurofhir.server.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Access tokens revoked before they expire. A JWT is otherwise valid until {@code exp}; this set lets the
 * resource server honour {@code /oauth2/revoke} at the cost of one hash lookup per request. Entries leave the set
 * once the token would have expired anyway.
 */
public class RevokedTokens implements OAuth2TokenValidator<Jwt> {

  private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
  private final Clock clock;

  public RevokedTokens(Clock clock) {
    this.clock = clock;
  }

  public void revoke(String tokenValue, Instant expiresAt) {
    Instant now = clock.instant();
    revoked.entrySet().removeIf(e -> e.getValue().isBefore(now));
    revoked.put(tokenValue, expiresAt == null ? now.plusSeconds(86_400) : expiresAt);
  }

  @Override
  public OAuth2TokenValidatorResult validate(Jwt jwt) {
    return revoked.containsKey(jwt.getTokenValue())
        ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token has been revoked", null))
        : OAuth2TokenValidatorResult.success();
  }
}
