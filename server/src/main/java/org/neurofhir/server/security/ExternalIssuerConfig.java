package org.neurofhir.server.security;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Tokens from an external OpenID Connect issuer (Keycloak, an LDAP-backed IdP, ...) instead of the embedded
 * authorization server. Keys come from {@code jwk-set-uri}, or from the issuer's discovery document, fetched on
 * the first request rather than at start-up so the server starts while the IdP is down.
 */
@Configuration
@ConditionalOnExpression("'${neurofhir.security.external.issuer-uri:}' != ''")
public class ExternalIssuerConfig {

  @Bean
  JwtDecoder jwtDecoder(SecurityProperties props) {
    SecurityProperties.External external = props.external();
    var validator = ApiSecurityConfig.tokenValidator(
        external.issuerUri(), props.effectiveAudience(), props.maxTokenLifetime(), List.of());
    if (!external.jwkSetUri().isBlank()) {
      NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(external.jwkSetUri()).build();
      decoder.setJwtValidator(validator);
      decoder.setClaimSetConverter(RequiredTokenClaims.claimSetConverter());
      return decoder;
    }
    return new LazyIssuerJwtDecoder(external.issuerUri(), validator);
  }
}
