package org.neurofhir.server.security;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** Resolves the issuer's keys on first use, retrying on later requests while the issuer cannot be reached. */
final class LazyIssuerJwtDecoder implements JwtDecoder {

  private final String issuer;
  private final OAuth2TokenValidator<Jwt> validator;
  private volatile JwtDecoder delegate;

  LazyIssuerJwtDecoder(String issuer, OAuth2TokenValidator<Jwt> validator) {
    this.issuer = issuer;
    this.validator = validator;
  }

  @Override
  public Jwt decode(String token) throws JwtException {
    JwtDecoder d = delegate;
    if (d == null) {
      synchronized (this) {
        if (delegate == null) {
          try {
            NimbusJwtDecoder nimbus = JwtDecoders.fromIssuerLocation(issuer);
            nimbus.setJwtValidator(validator);
            nimbus.setClaimSetConverter(RequiredTokenClaims.claimSetConverter());
            delegate = nimbus;
          } catch (RuntimeException e) {
            throw new JwtException("issuer " + issuer + " cannot be reached: " + e.getMessage(), e);
          }
        }
        d = delegate;
      }
    }
    return d.decode(token);
  }
}
