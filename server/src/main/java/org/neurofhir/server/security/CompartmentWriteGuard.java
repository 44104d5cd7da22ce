package org.neurofhir.server.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.util.FhirTerser;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
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

  private static final String PATIENT = "Patient";

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
    FhirContext fhir = request == null ? FhirContext.forR4Cached() : request.getFhirContext();
    FhirTerser terser = fhir.newTerser();
    if (PATIENT.equals(type) && !ownId.equals(resource.getIdElement().getIdPart())) {
      throw refused(type, "Patient/" + resource.getIdElement().getIdPart());
    }
    String serverBase = request == null ? null : request.getFhirServerBase();
    terser.getCompartmentReferencesForResource(PATIENT, resource, Set.of()).forEach(ref -> {
      String refused = refusedLink(ref, ownId, serverBase);
      if (refused != null) {
        throw refused(type, refused);
      }
    });
  }

  /** Null when the link is harmless (the caller itself, a non-patient, a bare identifier), else what it names. */
  private static String refusedLink(IBaseReference ref, String ownId, String serverBase) {
    if (ref.getResource() != null) {
      return PATIENT.equals(ref.getResource().fhirType()) ? "an embedded Patient" : null;
    }
    IIdType target = ref.getReferenceElement();
    if (target == null || target.getValue() == null || target.getValue().isEmpty()) {
      return null; // identifier-only: not a link, no compartment
    }
    String value = target.getValue();
    if (value.startsWith("#") || value.startsWith("urn:") || value.contains("?")) {
      return value;
    }
    if (!target.hasResourceType()) {
      return value;
    }
    if (!PATIENT.equals(target.getResourceType())) {
      return null; // Practitioner, Group, Device...: other compartments, not another patient's file
    }
    boolean ours = !target.hasBaseUrl()
        || (serverBase != null && stripSlash(target.getBaseUrl()).equals(stripSlash(serverBase)));
    return ours && ownId.equals(target.getIdPart()) ? null : value;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static ForbiddenOperationException refused(String type, String link) {
    return new ForbiddenOperationException("A patient may write " + type + " only for themself: every link into a"
        + " Patient compartment must point to the caller (found " + link + ")");
  }
}
