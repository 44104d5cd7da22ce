package org.neurofhir.server.app;

import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.CacheControl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The clinician web app: static files under {@code /app/}, a SMART on FHIR client of this server that signs in through
 * the built-in public client ({@code neurofhir-web}, PKCE) and then talks to {@code /fhir} only. The files hold no
 * data, so they are public; every FHIR call the page makes carries the signed-in user's token.
 */
@Configuration
public class ClinicianAppConfig implements WebMvcConfigurer {

  static final String LOCATION = "classpath:/static/app/";

  /**
   * Libraries sit under a path that names their version (vendor/niivue-0.69.0/...), so a browser may keep them for
   * a year without asking; the app's own files change with every release and are revalidated (304 when unchanged).
   */
  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry.addResourceHandler("/app/vendor/**")
        .addResourceLocations(LOCATION + "vendor/")
        .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
    registry.addResourceHandler("/app/**")
        .addResourceLocations(LOCATION)
        .setCacheControl(CacheControl.noCache())
        .setEtagGenerator(resource -> {
          try {
            return Long.toHexString(resource.lastModified()) + "-" + Long.toHexString(resource.contentLength());
          } catch (java.io.IOException e) {
            return null;
          }
        });
  }

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/app", "/app/");
    registry.addViewController("/app/").setViewName("forward:/app/index.html");
  }

  /**
   * Before the API's chain (order 3), which wants a token on every path. No session, no CSRF (the page holds no
   * credentials of its own). The content security policy lets the page run only its own scripts and talk only to
   * this origin.
   */
  @Bean
  @Order(2)
  SecurityFilterChain clinicianAppSecurityFilterChain(HttpSecurity http) throws Exception {
    http.securityMatcher("/app", "/app/**")
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable())
        .requestCache(cache -> cache.disable())
        .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
        .headers(h -> h
            .cacheControl(c -> c.disable())
            .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
            .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
    return http.build();
  }

  /** Chart.js and niivue set element styles from script; niivue decodes volumes in blob workers. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' data: blob:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
      + "form-action 'self'; frame-ancestors 'none'";
}
