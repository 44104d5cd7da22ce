package org.neurofhir.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.templateresource.ClassLoaderTemplateResource;

/**
 * HAPI's API explorer (Swagger UI at {@code /fhir/swagger-ui/}, OpenAPI at {@code /fhir/api-docs}) made usable on a
 * secured server: the OpenAPI document declares the OAuth2 authorization-code flow, and the page's "Authorize"
 * signs the user in through the built-in public web client with PKCE, so every call it sends carries the user's
 * token. {@code /fhir/swagger-ui} without the slash is sent to the page instead of being read as a resource type.
 */
public class ApiExplorer extends OpenApiInterceptor {

  static final String SECURITY_SCHEME = "smart";
  private static final String TEMPLATE = "/org/neurofhir/server/security/api-explorer.html";
  private static final Map<String, String> SCOPES = Map.of(
      "openid", "sign in (OpenID Connect)",
      "fhirUser", "who you are, as a FHIR Practitioner or Patient",
      "user/*.cruds", "everything your role allows",
      "patient/*.rs", "read your own record (patients)");

  private final SecurityProperties props;
  private final Set<String> publicOperations;

  /**
   * @param publicOperations the operations listed: the document is public and read without a token, so like the
   *     CapabilityStatement for such callers it shows what some non-admin role may invoke
   */
  public ApiExplorer(SecurityProperties props, Set<String> publicOperations) {
    this.props = props;
    this.publicOperations = publicOperations.stream()
        .map(op -> op.startsWith("$") ? op : "$" + op).collect(Collectors.toSet());
  }

  @Override
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
  public boolean serveSwaggerUi(
      HttpServletRequest request, HttpServletResponse response, ServletRequestDetails requestDetails)
      throws IOException {
    if ("/swagger-ui".equals(request.getPathInfo())) {
      response.sendRedirect(request.getRequestURI() + "/");
      return false;
    }
    return super.serveSwaggerUi(request, response, requestDetails);
  }

  @Override
  protected OpenAPI generateOpenApi(ServletRequestDetails requestDetails) {
    OpenAPI openApi = super.generateOpenApi(requestDetails);
    // "Try it out" calls the base this page was opened on, not the one HAPI's cached CapabilityStatement names
    openApi.setServers(List.of(new Server().url(requestDetails.getFhirServerBase())
        .description(openApi.getServers().isEmpty() ? null : openApi.getServers().get(0).getDescription())));
    openApi.getPaths().keySet().removeIf(path -> {
      String last = path.substring(path.lastIndexOf('/') + 1);
      return last.startsWith("$") && !publicOperations.contains(last);
    });
    OAuthFlow codeFlow = new OAuthFlow()
        .authorizationUrl(endpoint("authorization_endpoint", requestDetails))
        .tokenUrl(endpoint("token_endpoint", requestDetails))
        .scopes(scopes());
    if (openApi.getComponents() == null) {
      openApi.setComponents(new Components());
    }
    openApi.getComponents().addSecuritySchemes(SECURITY_SCHEME, new SecurityScheme()
        .type(SecurityScheme.Type.OAUTH2)
        .description("Sign in with your NeuroFHIR account (authorization code with PKCE)")
        .flows(new OAuthFlows().authorizationCode(codeFlow)));
    openApi.addSecurityItem(new SecurityRequirement().addList(SECURITY_SCHEME));
    return openApi;
  }

  @Override
  protected void populateOIDCVariables(ServletRequestDetails requestDetails, WebContext context) {
    super.populateOIDCVariables(requestDetails, context);
    context.setVariable("OAUTH_CLIENT_ID", props.webClient().enabled() ? props.webClient().clientId() : "");
    context.setVariable("OAUTH_SCOPES", "openid fhirUser user/*.cruds");
  }

  @Override
  protected ClassLoaderTemplateResource getIndexTemplate() {
    return new ClassLoaderTemplateResource(TEMPLATE, "UTF-8");
  }

  private Scopes scopes() {
    Scopes scopes = new Scopes();
    SCOPES.forEach(scopes::addString);
    return scopes;
  }

  /**
   * The embedded authorization server answers on this server, so its endpoints are given on the origin the page
   * was opened from (a browser there keeps its sign-in session); an external issuer's come from configuration.
   */
  private String endpoint(String name, ServletRequestDetails requestDetails) {
    Object configured = SmartConfigurationFilter.document(props).get(name);
    if (props.externalIssuer()) {
      return configured == null ? "" : configured.toString();
    }
    HttpServletRequest request = requestDetails.getServletRequest();
    String origin = request.getScheme() + "://" + request.getServerName()
        + (isDefaultPort(request) ? "" : ":" + request.getServerPort());
    return origin + ("authorization_endpoint".equals(name) ? "/oauth2/authorize" : "/oauth2/token");
  }

  private static boolean isDefaultPort(HttpServletRequest request) {
    return ("http".equals(request.getScheme()) && request.getServerPort() == 80)
        || ("https".equals(request.getScheme()) && request.getServerPort() == 443);
  }
}
