package org.neurofhir.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;

/**
 * A caller whose right to write a type holds only in its own Patient compartment (the patient role) may store a
 * resource of that type only when <em>every</em> patient-compartment link in it points to itself. HAPI's compartment
 * rule asks only that the resource be in the compartment, i.e. that <em>one</em> link points there, so an
 * Appointment naming the caller and a second patient would land in that other patient's file.
 *
 * <p>Checked where HAPI stores, so create, update, patch, their conditional forms and every entry of a batch or
 * transaction pass here with the resource as it will be stored; the refusal (403) rolls the write back. The links
 * are those of every search parameter that gives membership in the Patient compartment (Appointment.participant,
 * Observation.performer, ...), found by HAPI's terser. A link that cannot be told to be the caller before it is
 * stored (a placeholder {@code urn:uuid:}, a conditional {@code Patient?identifier=}, a contained resource, another
 * server's Patient) is refused too. Callers allowed to write the type for any patient (staff, system clients) keep
 * their role's policy.
 */
public class CompartmentWriteGuard {

  private final RolePolicies policies;

  public CompartmentWriteGuard(RolePolicies policies) {
    this.policies = policies;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void created(IBaseResource resource, RequestDetails request) {
    check(resource, Interaction.CREATE, request);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void updated(IBaseResource oldResource, IBaseResource newResource, RequestDetails request) {
    check(newResource, Interaction.UPDATE, request);
  }

  private void check(IBaseResource resource, Interaction interaction, RequestDetails request) {
    AccessPolicy policy = policies.policyFor(request);
    String type = resource.fhirType();
    if (policy.allowsForAnyPatient(type, interaction)) {
      return;
    }
    String self = policy.patientCompartment().filter(p -> policy.allowsInOwnCompartment(type, interaction))
        .orElseThrow(() -> new ForbiddenOperationException("Not permitted to write " + type + " for this token's role"
            + " or scopes"));
    String ownId = new IdType(self).getIdPart();
    PatientLinks links = PatientLinks.of(resource, request == null ? null : request.getFhirServerBase());
    if (!links.unresolved().isEmpty()) {
      throw refused(type, links.unresolved().iterator().next());
    }
    links.patients().stream().filter(p -> !p.equals(ownId)).findFirst()
        .ifPresent(other -> { throw refused(type, "Patient/" + other); });
  }

  private static ForbiddenOperationException refused(String type, String link) {
    return new ForbiddenOperationException("A patient may write " + type + " only for themself: every link into a"
        + " Patient compartment must point to the caller (found " + link + ")");
  }
}
