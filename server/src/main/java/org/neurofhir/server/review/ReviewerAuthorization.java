package org.neurofhir.server.review;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Practitioner;
import org.neurofhir.server.security.AccessPolicy;
import org.neurofhir.server.security.Caller;
import org.neurofhir.server.security.CallerAuthenticationToken;
import org.neurofhir.server.security.Interaction;
import org.neurofhir.server.security.Role;
import org.neurofhir.server.security.RolePolicies;

/**
 * Who may sign a review: a doctor (validating a result is a medical act; an admin manages the system, not patients),
 * whose token's scopes allow writing reports and Observations and creating a Provenance (the operation writes them
 * itself, so HAPI's per-resource checks never see those writes), and whose account names the Practitioner they are
 * (the Provenance must say who validated). Everyone else gets 403.
 */
public class ReviewerAuthorization {

  private final RolePolicies policies;
  private final DaoRegistry daos;

  public ReviewerAuthorization(RolePolicies policies, DaoRegistry daos) {
    this.policies = policies;
    this.daos = daos;
  }

  Reviewer reviewer() {
    Caller caller = CallerAuthenticationToken.current()
        .orElseThrow(() -> new ForbiddenOperationException("$review needs a signed-in doctor"));
    if (!caller.has(Role.DOCTOR)) {
      throw new ForbiddenOperationException("only a doctor may validate AI results");
    }
    AccessPolicy policy = policies.policyFor(caller);
    if (!allows(policy, "DiagnosticReport", Interaction.UPDATE) || !allows(policy, "Observation", Interaction.UPDATE)
        || !allows(policy, "Provenance", Interaction.CREATE)) {
      throw new ForbiddenOperationException("this token's scopes do not allow updating DiagnosticReport and "
          + "Observation and creating Provenance, which a review does");
    }
    String fhirUser = caller.fhirUser().orElse("");
    IdType practitioner = new IdType(fhirUser);
    if (!"Practitioner".equals(practitioner.getResourceType()) || !practitioner.hasIdPart()) {
      throw new ForbiddenOperationException("this account is not linked to a Practitioner (fhirUser), so a review "
          + "could not say who validated it");
    }
    Practitioner found;
    try {
      found = daos.getResourceDao(Practitioner.class)
          .read(new IdType("Practitioner", practitioner.getIdPart()), new SystemRequestDetails());
    } catch (ResourceNotFoundException | ResourceGoneException e) {
      throw new ForbiddenOperationException("this account's Practitioner/" + practitioner.getIdPart()
          + " does not exist");
    }
    String name = found.getName().stream().findFirst().map(n -> n.getNameAsSingleString()).filter(n -> !n.isBlank())
        .orElse(caller.subject());
    return new Reviewer(practitioner.getIdPart(), caller.subject(), name);
  }

  private static boolean allows(AccessPolicy policy, String type, Interaction interaction) {
    return policy.everything() || policy.grants().stream().anyMatch(g -> !g.inPatientCompartment()
        && ("*".equals(g.resourceType()) || type.equals(g.resourceType()))
        && g.interactions().contains(interaction));
  }
}
