package org.neurofhir.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/**
 * What the CapabilityStatement says about security, as SMART App Launch asks (a {@code rest.security} with the
 * {@code SMART-on-FHIR} service and the {@code oauth-uris} extension), and which operations it lists: those the
 * caller may invoke. {@code /metadata} is public and HAPI caches one statement for everyone, so the statement is
 * narrowed per response: an admin's token sees every operation, another token sees its role's, and a caller without
 * a token sees those some non-admin role may use, so that destructive admin operations ({@code $expunge},
 * {@code $reindex}, ...) are not advertised to the world.
 */
@Interceptor
public class CapabilityStatementSecurity {

  static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";
  static final String SECURITY_SERVICE = "http://terminology.hl7.org/CodeSystem/restful-security-service";

  private final SecurityProperties props;
  private final RolePolicies policies;
  private final boolean cors;

  public CapabilityStatementSecurity(SecurityProperties props, RolePolicies policies, boolean cors) {
    this.props = props;
    this.policies = policies;
    this.cors = cors;
  }

  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void describeSecurity(IBaseConformance generated) {
    if (!(generated instanceof CapabilityStatement cs)) {
      return;
    }
    cs.getRestFirstRep().setSecurity(security());
  }

  @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
  public boolean narrowOperations(RequestDetails request, ResponseDetails response) {
    if (request.getRestOperationType() != RestOperationTypeEnum.METADATA
        || !(response.getResponseResource() instanceof CapabilityStatement cs)) {
      return true;
    }
    Predicate<String> allowed = allowedOperations();
    if (allowed == null) {
      return true;
    }
    CapabilityStatement copy = cs.copy(); // the cached statement is shared by every caller: narrow a copy
    for (CapabilityStatementRestComponent rest : copy.getRest()) {
      rest.getOperation().removeIf(op -> !allowed.test(op.getName()));
      rest.getResource().forEach(r -> r.getOperation().removeIf(op -> !allowed.test(op.getName())));
    }
    response.setResponseResource(copy);
    return true;
  }

  /** null = every operation (admin). */
  private Predicate<String> allowedOperations() {
    Set<String> names;
    var caller = CallerAuthenticationToken.current();
    if (caller.isEmpty()) {
      names = policies.operationsOfNonAdminRoles();
    } else {
      AccessPolicy policy = policies.policyFor(caller.get());
      if (policy.everything()) {
        return null;
      }
      names = Set.copyOf(policy.operations());
    }
    Set<String> normalized = names.stream().map(CapabilityStatementSecurity::bare).collect(Collectors.toSet());
    return name -> name != null && normalized.contains(bare(name));
  }

  private static String bare(String operation) {
    return operation.replaceFirst("^\\$", "").toLowerCase(Locale.ROOT);
  }

  private CapabilityStatement.CapabilityStatementRestSecurityComponent security() {
    var security = new CapabilityStatement.CapabilityStatementRestSecurityComponent();
    security.setCors(cors);
    CodeableConcept smart = new CodeableConcept();
    smart.addCoding().setSystem(SECURITY_SERVICE).setCode("SMART-on-FHIR").setDisplay("SMART-on-FHIR");
    security.addService(smart);
    security.setDescription("OAuth2 bearer tokens (SMART App Launch: authorization code with PKCE for users,"
        + " client credentials for systems); discovery at .well-known/smart-configuration");
    Extension uris = security.addExtension().setUrl(OAUTH_URIS);
    var endpoints = SmartConfigurationFilter.document(props);
    for (var entry : List.of(
        List.of("token", "token_endpoint"), List.of("authorize", "authorization_endpoint"),
        List.of("revoke", "revocation_endpoint"), List.of("introspect", "introspection_endpoint"))) {
      Object url = endpoints.get(entry.get(1));
      if (url instanceof String s && !s.isBlank()) {
        uris.addExtension(entry.get(0), new UriType(s));
      }
    }
    return security;
  }
}
