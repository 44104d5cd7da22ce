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
  public record Grant(String resourceType, Set<Interaction> interactions, boolean inPatientCompartment) {

    public boolean appliesTo(String type) {
      return "*".equals(resourceType) || resourceType.equals(type);
    }
  }

  private static final String AUDIT_EVENT = "AuditEvent";

  /**
   * Whether some grant that is not tied to the caller's own compartment allows this interaction on this type, i.e.
   * for any patient. The audit trail is readable only by audit readers, whatever {@code *} says.
   */
  public boolean allowsForAnyPatient(String resourceType, Interaction interaction) {
    if (everything) {
      return true;
    }
    if (AUDIT_EVENT.equals(resourceType) && !auditReader) {
      return false;
    }
    return grants.stream().anyMatch(g -> !g.inPatientCompartment() && g.appliesTo(resourceType)
        && g.interactions().contains(interaction));
  }

  /** Whether a compartment grant allows this interaction on this type, for the caller's own patient only. */
  public boolean allowsInOwnCompartment(String resourceType, Interaction interaction) {
    if (AUDIT_EVENT.equals(resourceType)) {
      return false;
    }
    return patientCompartment.isPresent() && grants.stream().anyMatch(g -> g.inPatientCompartment()
        && g.appliesTo(resourceType) && g.interactions().contains(interaction));
  }

  /** Whether the caller may use this type's data at all for this interaction (anyone's, or its own patient's). */
  public boolean allows(String resourceType, Interaction interaction) {
    return allowsForAnyPatient(resourceType, interaction) || allowsInOwnCompartment(resourceType, interaction);
  }

  /** Whether the caller may read every type, for every patient (admin, doctor, nurse): no narrower rule can hold. */
  public boolean readsEverything() {
    return everything || grants.stream().anyMatch(g -> !g.inPatientCompartment() && "*".equals(g.resourceType())
        && g.interactions().contains(Interaction.READ));
  }

  public static AccessPolicy none() {
    return new AccessPolicy(false, List.of(), Optional.empty(), List.of(), false);
  }
}
