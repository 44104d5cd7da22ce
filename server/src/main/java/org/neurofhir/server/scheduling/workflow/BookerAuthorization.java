package org.neurofhir.server.scheduling.workflow;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.Optional;
import org.neurofhir.server.security.AccessPolicy;
import org.neurofhir.server.security.Caller;
import org.neurofhir.server.security.CallerAuthenticationToken;
import org.neurofhir.server.security.Interaction;
import org.neurofhir.server.security.Role;
import org.neurofhir.server.security.RolePolicies;

/**
 * Who may book and change appointments through the scheduling operations (which write with the server's rights, so
 * the check is here): a patient for themselves, a doctor, a secretary, an admin, or a client whose token allows
 * writing Appointments ({@code system/Appointment.c} to book, {@code .u} to change). A nurse's role reads
 * appointments only; a patient's token needs its own-compartment Appointment grant. Everyone else: 403.
 */
public class BookerAuthorization {

  private final RolePolicies policies;

  public BookerAuthorization(RolePolicies policies) {
    this.policies = policies;
  }

  /** The caller, allowed to {@code interaction} (CREATE to book, UPDATE to change) Appointments. */
  public Booker booker(Interaction interaction) {
    Caller caller = CallerAuthenticationToken.current()
        .orElseThrow(() -> new ForbiddenOperationException("scheduling needs a signed-in user or client"));
    AccessPolicy policy = policies.policyFor(caller);
    boolean allowed = policy.everything() || policy.grants().stream().anyMatch(g ->
        ("*".equals(g.resourceType()) || "Appointment".equals(g.resourceType())) && g.interactions().contains(interaction));
    if (!allowed) {
      throw new ForbiddenOperationException("this role or token may not " + (interaction == Interaction.CREATE
          ? "book" : "change") + " appointments (Appointment." + (interaction == Interaction.CREATE ? "c" : "u") + ")");
    }
    Optional<String> practitioner = caller.fhirUser().filter(f -> f.startsWith("Practitioner/"));
    if (caller.has(Role.PATIENT)) {
      String patient = caller.patientId()
          .orElseThrow(() -> new ForbiddenOperationException("this patient account names no Patient (fhirUser)"));
      return new Booker(Booker.Side.PATIENT, Optional.of(patient), Optional.empty(), false, caller.subject());
    }
    if (caller.has(Role.ADMIN) || caller.has(Role.SECRETARY)) {
      return new Booker(Booker.Side.CLINIC, Optional.empty(), practitioner, true, caller.subject());
    }
    if (caller.has(Role.DOCTOR)) {
      return new Booker(Booker.Side.CLINIC, Optional.empty(), practitioner, false, caller.subject());
    }
    if (!caller.isUser()) {
      return new Booker(Booker.Side.EHR, Optional.empty(), Optional.empty(), false, caller.subject());
    }
    throw new ForbiddenOperationException("this role may not book or change appointments");
  }
}
