package org.neurofhir.server.security;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.web.util.UriComponentsBuilder;

/** The built-in public client of the server's own pages ({@link SecurityProperties.WebClient}). */
public final class WebClientRegistration {

  /** Where Swagger UI, served by HAPI under the FHIR base, receives the authorization code. */
  public static final String API_EXPLORER_REDIRECT_PATH = "/fhir/swagger-ui/oauth2-redirect.html";
  /** Where the clinician web app (SMART on FHIR, served at /app/) receives the authorization code. */
  public static final String WEB_APP_REDIRECT_PATH = "/app/";
  /** Command-line sign-in (server/bin/neurofhir-admin): a loopback address, any port (RFC 8252). */
  public static final List<String> LOOPBACK_REDIRECTS = List.of("http://127.0.0.1/callback", "http://[::1]/callback");

  /** What the built-in client may ask for; a user's token never carries more than the user's role allows. */
  public static final List<String> SCOPES = List.of(
      "openid", "fhirUser", "offline_access", "launch", ApiSecurityConfig.ADMIN_SCOPE_USER,
      "user/*.cruds", "user/*.rs", "user/*.read", "user/*.*",
      "patient/*.cruds", "patient/*.rs", "patient/*.read", "patient/*.*");

  private WebClientRegistration() {}

  public static ClientRegistration of(SecurityProperties props) {
    List<String> origins = props.webClient().origins().isEmpty() ? List.of(props.issuer()) : props.webClient().origins();
    List<String> redirects = new ArrayList<>();
    for (String path : List.of(API_EXPLORER_REDIRECT_PATH, WEB_APP_REDIRECT_PATH)) {
      origins.forEach(o -> redirects.add(o.replaceAll("/+$", "") + path));
      // the page opened on this machine through a loopback address, on whatever port the server has
      redirects.add("http://127.0.0.1" + path);
    }
    redirects.addAll(LOOPBACK_REDIRECTS);
    return new ClientRegistration(props.webClient().clientId(), "", List.of("authorization_code", "refresh_token"),
        SCOPES, redirects, List.of(), 0);
  }

  /**
   * Spring Authorization Server refuses every {@code localhost} redirect URI, registered or not (OAuth 2.1 prefers
   * loopback IPs), so a server opened at its default address, http://localhost:8080, could not send the API
   * explorer its code. A URI registered exactly as requested is as safe on localhost as on 127.0.0.1: such a
   * request is checked by Spring's own validator (scopes, PKCE, prompt, grant type) as if it named the loopback IP,
   * which Spring accepts; every other request goes to that validator unchanged.
   */
  public static Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> authorizationRequestValidator() {
    Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> spring =
        new OAuth2AuthorizationCodeRequestAuthenticationValidator();
    return context -> {
      OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
      String requested = request.getRedirectUri();
      RegisteredClient client = context.getRegisteredClient();
      if (requested == null || !client.getRedirectUris().contains(requested)
          || !"localhost".equalsIgnoreCase(UriComponentsBuilder.fromUriString(requested).build().getHost())) {
        spring.accept(context);
        return;
      }
      String loopback = UriComponentsBuilder.fromUriString(requested).host("127.0.0.1").build().toUriString();
      var asLoopback = new OAuth2AuthorizationCodeRequestAuthenticationToken(request.getAuthorizationUri(),
          request.getClientId(), (Authentication) request.getPrincipal(), loopback, request.getState(),
          request.getScopes(), request.getAdditionalParameters());
      var checked = OAuth2AuthorizationCodeRequestAuthenticationContext.with(asLoopback)
          .registeredClient(RegisteredClient.from(client).redirectUri(loopback).build());
      if (context.getAuthorizationRequest() != null) {
        checked.authorizationRequest(context.getAuthorizationRequest());
      }
      if (context.getAuthorizationConsent() != null) {
        checked.authorizationConsent(context.getAuthorizationConsent());
      }
      spring.accept(checked.build());
    };
  }
}
