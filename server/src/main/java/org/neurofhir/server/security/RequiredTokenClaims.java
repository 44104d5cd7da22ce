package org.neurofhir.server.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;

/**
 * Claims every accepted token must carry, not only check when present: Spring's timestamp validator accepts a token
 * without {@code exp} (it would never expire) and does not bound how long a token may live, so a correctly signed
 * token minted for years (a leaked key of an external IdP, a mistaken IdP setting) would be honoured for years.
 * Requires {@code exp} and {@code iat}, an {@code iat} not in the future, and {@code exp - iat} within
 * {@code neurofhir.security.max-token-lifetime}.
 */
class RequiredTokenClaims implements OAuth2TokenValidator<Jwt> {

  private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  private final Duration maxLifetime;
  private final Clock clock;

  RequiredTokenClaims(Duration maxLifetime, Clock clock) {
    this.maxLifetime = maxLifetime;
    this.clock = clock;
  }

  @Override
  public OAuth2TokenValidatorResult validate(Jwt jwt) {
    Instant expiresAt = jwt.getExpiresAt();
    Instant issuedAt = jwt.getIssuedAt();
    if (expiresAt == null || issuedAt == null) {
      return refused("the token must carry exp and iat");
    }
    if (issuedAt.isAfter(clock.instant().plus(CLOCK_SKEW))) {
      return refused("the token is issued in the future (iat)");
    }
    if (Duration.between(issuedAt, expiresAt).compareTo(maxLifetime) > 0) {
      return refused("the token lives longer than " + maxLifetime.toMinutes() + " minutes (exp - iat)");
    }
    return OAuth2TokenValidatorResult.success();
  }

  /**
   * Spring's claim conversion, except that a missing {@code iat} stays missing: Spring fills it in as
   * {@code exp - 1 s}, which would hide its absence from {@link #validate}. Set on every decoder.
   */
  static Converter<Map<String, Object>, Map<String, Object>> claimSetConverter() {
    MappedJwtClaimSetConverter spring = MappedJwtClaimSetConverter.withDefaults(Map.of());
    return claims -> {
      Map<String, Object> converted = spring.convert(claims);
      if (!claims.containsKey(JwtClaimNames.IAT) && converted != null) {
        converted = new HashMap<>(converted);
        converted.remove(JwtClaimNames.IAT);
      }
      return converted;
    };
  }

  private static OAuth2TokenValidatorResult refused(String why) {
    return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, why, null));
  }
}
