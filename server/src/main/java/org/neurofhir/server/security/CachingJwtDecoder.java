package org.neurofhir.server.security;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens that passed full validation (signature, issuer, audience) until they expire, so a client's
 * repeated requests skip the RSA signature check and JSON parsing (bench/security). Expiry and revocation are
 * still checked on every request. Bounded: cleared when it holds more than {@value #MAX_ENTRIES} tokens.
 */
final class CachingJwtDecoder implements JwtDecoder {

  static final int MAX_ENTRIES = 10_000;

  private final JwtDecoder delegate;
  private final OAuth2TokenValidator<Jwt> everyRequest;
  private final Clock clock;
  private final Map<String, Jwt> valid = new ConcurrentHashMap<>();

  CachingJwtDecoder(JwtDecoder delegate, OAuth2TokenValidator<Jwt> everyRequest, Clock clock) {
    this.delegate = delegate;
    this.everyRequest = everyRequest;
    this.clock = clock;
  }

  @Override
  public Jwt decode(String token) throws JwtException {
    Jwt jwt = valid.get(token);
    if (jwt == null) {
      jwt = delegate.decode(token);
      if (valid.size() >= MAX_ENTRIES) {
        valid.clear();
      }
      valid.put(token, jwt);
    } else if (jwt.getExpiresAt() == null || !clock.instant().isBefore(jwt.getExpiresAt())) {
      valid.remove(token);
      throw new BadJwtException("Jwt expired at " + jwt.getExpiresAt());
    }
    OAuth2TokenValidatorResult result = everyRequest.validate(jwt);
    if (result.hasErrors()) {
      throw new BadJwtException(result.getErrors().iterator().next().getDescription());
    }
    return jwt;
  }
}
