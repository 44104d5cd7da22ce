package org.neurofhir.server.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.neurofhir.server.security.launch.LaunchClaims;
import org.neurofhir.server.security.launch.LaunchContexts;
import org.neurofhir.server.security.launch.LaunchRequestValidator;
import org.neurofhir.server.security.launch.LaunchTokenResponse;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded OAuth2 / OpenID Connect authorization server (Spring Authorization Server): client_credentials for
 * system clients, authorization_code + PKCE for users (standalone and EHR SMART launch), refresh, revocation, JWKS and
 * OIDC discovery, with a login page. Off when {@code neurofhir.security.external.issuer-uri} is set.
 */
@Configuration
@ConditionalOnExpression("'${neurofhir.security.external.issuer-uri:}' == ''")
public class EmbeddedAuthorizationServerConfig {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedAuthorizationServerConfig.class);

  private static final Duration ID_TOKEN_TTL = Duration.ofMinutes(30);

  @Bean
  @Order(1)
  SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http, LaunchContexts launches,
      OAuth2AuthorizationService authorizations) throws Exception {
    var tokenResponses = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
    tokenResponses.setAccessTokenResponseCustomizer(new LaunchTokenResponse(authorizations));
    OAuth2AuthorizationServerConfigurer authorizationServer = OAuth2AuthorizationServerConfigurer.authorizationServer();
    http.securityMatcher(authorizationServer.getEndpointsMatcher())
        .with(authorizationServer, as -> as
            .oidc(Customizer.withDefaults())
            .authorizationEndpoint(endpoint -> endpoint.authenticationProviders(providers -> providers.forEach(p -> {
              if (p instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider codeRequests) {
                codeRequests.setAuthenticationValidator(WebClientRegistration.authorizationRequestValidator()
                    .andThen(new LaunchRequestValidator(launches)));
              }
            })))
            .tokenEndpoint(endpoint -> endpoint.accessTokenResponseHandler(tokenResponses)))
        .authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
        // browsers asking to authorize are sent to the login page; API clients get 401
        .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
            new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
        .oauth2ResourceServer(rs -> rs.jwt(Customizer.withDefaults()));
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain loginSecurityFilterChain(HttpSecurity http) throws Exception {
    http.securityMatcher("/login", "/logout", "/default-ui.css")
        .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
        .formLogin(Customizer.withDefaults());
    return http.build();
  }

  @Bean
  ConfiguredAndStoredClients registeredClientRepository(SecurityProperties props, JdbcTemplate jdbc) {
    TokenSettings tokens = ClientRegistration.tokenSettings(props);
    List<RegisteredClient> configured = new ArrayList<>();
    if (props.webClient().enabled()) {
      configured.add(WebClientRegistration.of(props).toRegisteredClient(tokens));
    }
    props.clients().stream().map(c -> registeredClient(c).toRegisteredClient(tokens)).forEach(configured::add);
    return new ConfiguredAndStoredClients(configured, jdbc, tokens);
  }

  private static ClientRegistration registeredClient(SecurityProperties.Client c) {
    if (c.clientId() == null || c.clientId().isBlank()) {
      throw new IllegalStateException("neurofhir.security.clients[]: every client needs a client-id");
    }
    return new ClientRegistration(c.clientId(), c.secret(), c.grantTypes(), c.scopes(), c.redirectUris(), c.roles(),
        c.requestsPerMinute());
  }

  /** Before Spring Security's filters, so that refused attempts check no secret. */
  @Bean
  org.springframework.boot.web.servlet.FilterRegistrationBean<SignInRateLimitFilter> signInRateLimitFilter(
      SecurityProperties props, Clock clock, org.springframework.context.ApplicationEventPublisher events) {
    var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(
        new SignInRateLimitFilter(props.signInRateLimit(), clock, events));
    registration.addUrlPatterns(SignInRateLimitFilter.PATHS);
    registration.setOrder(org.springframework.boot.autoconfigure.security.SecurityProperties.DEFAULT_FILTER_ORDER - 1);
    registration.setName("signInRateLimit");
    return registration;
  }

  @Bean
  RevokedTokens revokedTokens(JdbcClient jdbc, Clock clock, SecurityProperties props) {
    return new RevokedTokens(jdbc, clock, props.revocationSyncInterval());
  }

  /**
   * Grants (authorization codes, access and refresh tokens, their revocation) in the database, so that a restart
   * or another node continues them. Registered clients stay in configuration: their ids are the client ids, stable
   * across restarts, which is what the stored grants refer to.
   */
  @Bean
  OAuth2AuthorizationService authorizationService(
      JdbcTemplate jdbc, ConfiguredAndStoredClients clients, RevokedTokens revokedTokens, ExpiredGrantPurge purge) {
    return new RevocationTrackingAuthorizationService(
        new JdbcOAuth2AuthorizationService(jdbc, clients), revokedTokens, purge::runIfDue);
  }

  @Bean
  ExpiredGrantPurge expiredGrantPurge(JdbcClient jdbc, Clock clock) {
    return new ExpiredGrantPurge(jdbc, clock);
  }

  @Bean
  OAuth2AuthorizationConsentService authorizationConsentService(JdbcTemplate jdbc, ConfiguredAndStoredClients clients) {
    return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
  }

  @Bean
  AuthorizationServerSettings authorizationServerSettings(SecurityProperties props) {
    return AuthorizationServerSettings.builder().issuer(props.issuer()).build();
  }

  /** Published keys (JWKS, verification); tokens are signed with {@link SigningKeys#signingSource()}. */
  @Bean
  SigningKeys jwkSource(JdbcClient jdbc, SecurityProperties props, Clock clock) {
    // OIDC id tokens live 30 minutes whatever the access token lifetime
    Duration longest = props.accessTokenTtl().compareTo(ID_TOKEN_TTL) > 0 ? props.accessTokenTtl() : ID_TOKEN_TTL;
    SigningKeyEncryption encryption = SigningKeyEncryption.fromConfiguredKey(props.signingKeys().encryptionKey());
    SigningKeyStore store = new SigningKeyStore(jdbc, encryption);
    if (!encryption.enabled()) {
      log.warn("Signing keys are stored unencrypted in nf_signing_key: set NEUROFHIR_SECURITY_SIGNINGKEYS_ENCRYPTIONKEY"
          + " (openssl rand -base64 32, the same on every node) so that a copy of the database cannot sign tokens");
    } else if (store.encryptPlainRows() > 0) {
      log.info("Signing keys stored unencrypted before an encryption key was configured are now encrypted");
    }
    store.all(); // a missing or wrong encryption key fails the start, not the first sign-in
    return new SigningKeys(store, props.signingKeys(), longest, clock);
  }

  @Bean
  JwtEncoder jwtEncoder(SigningKeys keys) {
    return new NimbusJwtEncoder(keys.signingSource());
  }

  @Bean
  JwtDecoder jwtDecoder(
      JWKSource<SecurityContext> jwkSource, SecurityProperties props, RevokedTokens revokedTokens, Clock clock) {
    NimbusJwtDecoder decoder = (NimbusJwtDecoder) OAuth2AuthorizationServerConfiguration.jwtDecoder(jwkSource);
    decoder.setClaimSetConverter(RequiredTokenClaims.claimSetConverter());
    decoder.setJwtValidator(
        ApiSecurityConfig.tokenValidator(
            props.issuer(), props.effectiveAudience(), props.maxTokenLifetime(), List.of(revokedTokens)));
    return new CachingJwtDecoder(decoder, revokedTokens, clock);
  }

  @Bean
  OAuth2TokenCustomizer<JwtEncodingContext> tokenClaimsCustomizer(
      SecurityProperties props,
      org.springframework.beans.factory.ObjectProvider<UserClaimsSource> users,
      org.springframework.context.ApplicationEventPublisher events,
      LaunchContexts launches) {
    return new TokenClaimsCustomizer(props.effectiveAudience(), users, events, new LaunchClaims(launches));
  }
}
