package org.neurofhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

/** Tokens of an external issuer (Keycloak layout) become callers through the configured claim → role mapping. */
class ExternalIssuerClaimsTest {

  private static Jwt keycloakToken(List<String> realmRoles, String scope) {
    return Jwt.withTokenValue("t")
        .header("alg", "RS256")
        .subject("f3a1")
        .claim("azp", "clinic-portal")
        .claim("realm_access", Map.of("roles", realmRoles))
        .claim("scope", scope)
        .claim("fhirUser", "Patient/p-77")
        .issuedAt(Instant.now())
        .expiresAt(Instant.now().plusSeconds(60))
        .build();
  }

  private final CallerJwtConverter converter = new CallerJwtConverter(
      "realm_access.roles", Map.of("physician", "doctor", "front-desk", "secretary", "patient", "patient"), "fhirUser");

  @Test
  void mappedRolesScopesAndFhirUserAreRead() {
    Caller caller = converter.callerOf(keycloakToken(List.of("physician", "offline_access"), "openid user/*.rs"));
    assertThat(caller.roles()).containsExactly(Role.DOCTOR);
    assertThat(caller.clientId()).isEqualTo("clinic-portal");
    assertThat(caller.scopes()).extracting(SmartScope::resourceType).containsExactly("*");
    assertThat(caller.fhirUser()).hasValue("Patient/p-77");
  }

  @Test
  void unmappedExternalRolesGrantNothing() {
    Caller caller = converter.callerOf(keycloakToken(List.of("admin", "uma_authorization"), "openid"));
    assertThat(caller.roles()).isEmpty();
    assertThat(new RolePolicies(Map.of()).policyFor(caller).grants()).isEmpty();
  }

  @Test
  void scopesNarrowTheRole() {
    Caller caller = converter.callerOf(keycloakToken(List.of("physician"), "openid user/Observation.rs"));
    AccessPolicy policy = new RolePolicies(Map.of()).policyFor(caller);
    assertThat(policy.everything()).isFalse();
    assertThat(policy.grants()).containsExactly(
        new AccessPolicy.Grant("Observation", java.util.EnumSet.of(Interaction.READ, Interaction.SEARCH), false));
  }

  @Test
  void patientOfAnExternalIssuerIsKeptInTheirCompartment() {
    Caller caller = converter.callerOf(keycloakToken(List.of("patient"), "openid patient/*.rs"));
    AccessPolicy policy = new RolePolicies(Map.of()).policyFor(caller);
    assertThat(policy.patientCompartment()).hasValue("Patient/p-77");
    assertThat(policy.grants()).filteredOn(AccessPolicy.Grant::inPatientCompartment).isNotEmpty();
    // outside the compartment: the clinic's directory, and reads of Binary, which BinaryReadGuard lets through only
    // when a resource of the patient's own compartment points at it (BinaryAccessTest)
    assertThat(policy.grants()).filteredOn(g -> !g.inPatientCompartment())
        .allMatch(g -> List.of("Practitioner", "PractitionerRole", "Organization", "Location", "Schedule", "Slot",
            "HealthcareService").contains(g.resourceType())
            || (g.resourceType().equals("Binary") && g.interactions().equals(java.util.EnumSet.of(Interaction.READ))));
  }

  @Test
  void smartV1AndV2ScopeSyntaxIsUnderstood() {
    assertThat(SmartScope.parse("patient/Observation.read")).get()
        .extracting(SmartScope::interactions).isEqualTo(java.util.EnumSet.of(Interaction.READ, Interaction.SEARCH));
    assertThat(SmartScope.parse("system/ImagingStudy.cru")).get()
        .extracting(SmartScope::interactions)
        .isEqualTo(java.util.EnumSet.of(Interaction.CREATE, Interaction.READ, Interaction.UPDATE));
    assertThat(SmartScope.parse("user/*.*")).get().extracting(SmartScope::interactions).isEqualTo(Interaction.all());
    assertThat(SmartScope.parse("openid")).isEmpty();
    assertThat(SmartScope.parse("patient/Observation.xyz")).isEmpty();
  }
}
