package org.neurofhir.server.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The resource server: every request outside the authorization server's own endpoints needs a valid bearer JWT,
 * except the public ones listed in server/README.md "Security". Stateless: no session, no CSRF token (a bearer
 * token is not sent by browsers on their own).
 */
@Configuration
@EnableWebSecurity
public class ApiSecurityConfig {

  static final String[] PUBLIC_ENDPOINTS = {
    "/fhir/metadata",
    // the API explorer's page, scripts and OpenAPI document describe the API and hold no data: a browser loads
    // them before anyone signs in; every call it then makes carries the signed-in user's token
    "/fhir/swagger-ui",
    "/fhir/swagger-ui/**",
    "/fhir/api-docs",
    "/fhir/.well-known/smart-configuration",
    "/.well-known/smart-configuration",
    "/actuator/health",
    "/actuator/health/**",
    "/error"
  };

  /** Scope a user's token needs, besides the admin role, for the admin API ({@code /admin/**}). */
  public static final String ADMIN_SCOPE_USER = "user/admin";
  /** Scope a client's token needs, besides the admin role, for the admin API. */
  public static final String ADMIN_SCOPE_SYSTEM = "system/admin";

  /** Spring profile that turns API security off, for bench/security only; never set it on a real server. */
  public static final String INSECURE_BENCHMARK_PROFILE = "insecure-benchmark";

  @Bean
  @Order(3)
  @Profile("!" + INSECURE_BENCHMARK_PROFILE)
  SecurityFilterChain apiSecurityFilterChain(
      HttpSecurity http, SecurityProperties props, Clock clock, ApplicationEventPublisher events) throws Exception {
    RefusalResponses refusals = new RefusalResponses(events);
    http.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable())
        .requestCache(cache -> cache.disable())
        .authorizeHttpRequests(auth -> auth
            // CORS preflights carry no token; HAPI's CorsInterceptor answers them against the allow-list
            .requestMatchers(HttpMethod.OPTIONS, "/fhir/**").permitAll()
            .requestMatchers(PUBLIC_ENDPOINTS).permitAll()
            // the admin API needs the role and a token asked for it: an admin's token limited to reading (or to
            // a patient's record) must not create users or clients
            .requestMatchers("/admin/**").access(AuthorizationManagers.allOf(
                AuthorityAuthorizationManager.hasAuthority(Role.ADMIN.authority()),
                AuthorityAuthorizationManager.hasAnyAuthority("SCOPE_" + ADMIN_SCOPE_USER, "SCOPE_" + ADMIN_SCOPE_SYSTEM)))
            .requestMatchers("/actuator/**").hasAnyAuthority(Role.ADMIN.authority(), "SCOPE_system/metrics.read")
            .anyRequest().authenticated())
        .oauth2ResourceServer(rs -> rs
            .authenticationEntryPoint(refusals)
            .accessDeniedHandler(refusals)
            .jwt(jwt -> jwt.jwtAuthenticationConverter(converter(props))))
        .exceptionHandling(e -> e.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
        .headers(h -> h
            .contentSecurityPolicy(csp -> csp.policyDirectives("frame-ancestors 'none'"))
            .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
        .addFilterAfter(new RateLimitFilter(props, clock, events), BearerTokenAuthenticationFilter.class);
    return http.build();
  }

  /**
   * The baseline of bench/security: the same server with no token check, authorization or audit, so the
   * benchmark can subtract it. Logged loudly; only reachable through an explicit Spring profile.
   */
  @Bean
  @Order(3)
  @Profile(INSECURE_BENCHMARK_PROFILE)
  SecurityFilterChain insecureBenchmarkFilterChain(HttpSecurity http) throws Exception {
    org.slf4j.LoggerFactory.getLogger(ApiSecurityConfig.class)
        .error("SECURITY IS OFF (profile {}): benchmark use only", INSECURE_BENCHMARK_PROFILE);
    http.csrf(csrf -> csrf.disable()).authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
    return http.build();
  }

  static CallerJwtConverter converter(SecurityProperties props) {
    return props.externalIssuer()
        ? new CallerJwtConverter(
            props.external().rolesClaim(), props.external().roleMapping(), props.external().fhirUserClaim())
        : new CallerJwtConverter("roles", Map.of(), "fhirUser");
  }

  /**
   * Signature is checked by the decoder; these add expiry, issuer, audience, the claims every token must carry with
   * its longest lifetime, and (embedded) revocation.
   */
  static OAuth2TokenValidator<Jwt> tokenValidator(
      String issuer, String audience, Duration maxLifetime, List<OAuth2TokenValidator<Jwt>> extra) {
    List<OAuth2TokenValidator<Jwt>> validators = new java.util.ArrayList<>();
    validators.add(JwtValidators.createDefaultWithIssuer(issuer));
    validators.add(new RequiredTokenClaims(maxLifetime, Clock.systemUTC()));
    validators.add(new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(audience)));
    validators.addAll(extra);
    return new DelegatingOAuth2TokenValidator<>(validators);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    // bcrypt for new hashes; {noop}/{argon2}/... prefixes are understood for configured client secrets
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  AuthenticationEventPublisher authenticationEventPublisher(ApplicationEventPublisher publisher) {
    return new DefaultAuthenticationEventPublisher(publisher);
  }

  @Bean
  RolePolicies rolePolicies(SecurityProperties props) {
    return new RolePolicies(props.roleOperations());
  }

  @Bean
  @Profile("!" + INSECURE_BENCHMARK_PROFILE)
  org.neurofhir.server.fhir.FhirRestfulServerConfig.RestfulServerCustomizer fhirAuthorizationCustomizer(
      RolePolicies policies, SecurityProperties props, org.neurofhir.server.fhir.FhirServerProperties fhir,
      ISearchParamRegistry searchParams, BinaryReferrers binaryReferrers, DaoRegistry daos) {
    return server -> {
      server.registerInterceptor(new PatientSearchNarrowingInterceptor(policies));
      server.registerInterceptor(new FhirAuthorizationInterceptor(policies));
      // on the REST server only, like audit.AuditEventWriteGuard: the server's own writes (pipeline, audit) pass
      server.registerInterceptor(new CompartmentWriteGuard(policies));
      server.registerInterceptor(new SearchFilterGuard(policies, searchParams));
      server.registerInterceptor(new BinaryReadGuard(policies, binaryReferrers, daos));
      server.registerInterceptor(
          new CapabilityStatementSecurity(props, policies, !fhir.corsAllowedOrigins().isEmpty()));
    };
  }

  @Bean
  BinaryReferrers binaryReferrers(DaoRegistry daos, ISearchParamRegistry searchParams) {
    return new BinaryReferrers(daos, searchParams);
  }

  /** Swagger UI and the OpenAPI document, with "Authorize" signing in through the built-in web client. */
  @Bean
  org.neurofhir.server.fhir.FhirRestfulServerConfig.RestfulServerCustomizer apiExplorerCustomizer(
      SecurityProperties props, RolePolicies policies) {
    return server -> server.registerInterceptor(new ApiExplorer(props, policies.operationsOfNonAdminRoles()));
  }
}
