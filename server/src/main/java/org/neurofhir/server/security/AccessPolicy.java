package org.neurofhir.server.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one caller may do on the FHIR endpoint, before it is turned into HAPI authorization rules.
 *
 * @param everything unrestricted (admin with no narrowing scopes)
 * @param grants per resource type ({@code *} = any type) interactions
 * @param patientCompartment the only patient whose compartment the compartment grants reach
 * @param operations {@code $operations} allowed at any level with all responses
 * @param auditReader may read and search AuditEvent
 */
public record AccessPolicy(
    boolean everything,
    List<Grant> grants,
    Optional<String> patientCompartment,
    List<String> operations,
    boolean auditReader) {

  /**
   * @param inPatientCompartment the grant reaches only resources in the caller's own Patient compartment
   */
  public record Grant(String resourceType, Set<Interaction> interactions, boolean inPatientCompartment) {}

  public static AccessPolicy none() {
    return new AccessPolicy(false, List.of(), Optional.empty(), List.of(), false);
  }
}
