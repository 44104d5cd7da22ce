package org.neurofhir.server.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * SMART App Launch discovery ({@code .well-known/smart-configuration}) at the server root and under the FHIR base,
 * where SMART clients look for it. Served by a filter because {@code /fhir/*} belongs to HAPI's servlet.
 */
@Configuration
public class SmartConfigurationFilter {

  static final List<String> PATHS = List.of("/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration");

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> smartConfigurationFilterRegistration(
      SecurityProperties props, ObjectMapper json) {
    byte[] body;
    try {
      body = json.writeValueAsBytes(document(props));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    OncePerRequestFilter filter = new OncePerRequestFilter() {
      @Override
      protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
          throws ServletException, IOException {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
          chain.doFilter(request, response);
          return;
        }
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "public, max-age=3600");
        response.getOutputStream().write(body);
      }
    };
    FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
    registration.setUrlPatterns(PATHS);
    registration.setName("smartConfiguration");
    return registration;
  }

  static Map<String, Object> document(SecurityProperties props) {
    Map<String, Object> doc = new LinkedHashMap<>();
    if (props.externalIssuer()) {
      SecurityProperties.External external = props.external();
      doc.put("issuer", external.issuerUri());
      if (!external.jwkSetUri().isBlank()) {
        doc.put("jwks_uri", external.jwkSetUri());
      }
      doc.put("authorization_endpoint", external.authorizationEndpoint());
      doc.put("token_endpoint", external.tokenEndpoint());
      doc.put("grant_types_supported", List.of("authorization_code", "client_credentials", "refresh_token"));
    } else {
      String issuer = props.issuer().replaceAll("/+$", "");
      doc.put("issuer", issuer);
      doc.put("jwks_uri", issuer + "/oauth2/jwks");
      doc.put("authorization_endpoint", issuer + "/oauth2/authorize");
      doc.put("token_endpoint", issuer + "/oauth2/token");
      doc.put("revocation_endpoint", issuer + "/oauth2/revoke");
      doc.put("introspection_endpoint", issuer + "/oauth2/introspect");
      doc.put("userinfo_endpoint", issuer + "/userinfo");
      doc.put("grant_types_supported", List.of("authorization_code", "client_credentials", "refresh_token"));
      doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
    }
    doc.put("response_types_supported", List.of("code"));
    doc.put("code_challenge_methods_supported", List.of("S256"));
    List<String> scopes = new ArrayList<>(List.of(
        "openid", "fhirUser", "offline_access",
        "patient/*.rs", "user/*.rs", "user/*.cruds", "system/*.rs", "system/*.cruds", "system/metrics.read",
        ApiSecurityConfig.ADMIN_SCOPE_USER, ApiSecurityConfig.ADMIN_SCOPE_SYSTEM));
    List<String> capabilities = new ArrayList<>(List.of(
        "launch-standalone", "client-public", "client-confidential-symmetric", "sso-openid-connect",
        "permission-offline", "permission-patient", "permission-user", "permission-v2"));
    if (!props.externalIssuer()) {
      // launch contexts are made here (Patient/{id}/$smart-launch); an external issuer has its own, or none
      scopes.add("launch");
      capabilities.addAll(List.of("launch-ehr", "context-ehr-patient", "context-ehr-encounter"));
    }
    doc.put("scopes_supported", scopes);
    doc.put("capabilities", capabilities);
    return doc;
  }
}
