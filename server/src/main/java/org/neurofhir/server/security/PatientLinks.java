package org.neurofhir.server.security;

import ca.uhn.fhir.context.FhirContext;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * Whose file a resource belongs to: the patients its Patient-compartment links point at (a Patient: itself).
 *
 * @param patients ids of the patients linked
 * @param unresolved links that name no stored patient yet (a {@code urn:uuid:} placeholder, a conditional
 *     reference, a contained or another server's Patient): whose they are cannot be told before storage
 */
public record PatientLinks(Set<String> patients, Set<String> unresolved) {

  private static final String PATIENT = "Patient";

  public static PatientLinks of(IBaseResource resource, String serverBase) {
    Set<String> patients = new LinkedHashSet<>();
    Set<String> unresolved = new LinkedHashSet<>();
    if (PATIENT.equals(resource.fhirType())) {
      if (resource.getIdElement().hasIdPart()) {
        patients.add(resource.getIdElement().getIdPart());
      } else {
        unresolved.add("a new Patient");
      }
      return new PatientLinks(patients, unresolved);
    }
    FhirContext.forR4Cached().newTerser().getCompartmentReferencesForResource(PATIENT, resource, Set.of())
        .forEach(ref -> classify(ref, serverBase, patients, unresolved));
    return new PatientLinks(patients, unresolved);
  }

  private static void classify(IBaseReference ref, String serverBase, Set<String> patients, Set<String> unresolved) {
    if (ref.getResource() != null) {
      if (PATIENT.equals(ref.getResource().fhirType())) {
        unresolved.add("an embedded Patient");
      }
      return;
    }
    IIdType target = ref.getReferenceElement();
    if (target == null || target.getValue() == null || target.getValue().isEmpty()) {
      return; // identifier only: no link
    }
    String value = target.getValue();
    if (value.startsWith("#") || value.startsWith("urn:") || value.contains("?") || !target.hasResourceType()) {
      unresolved.add(value);
      return;
    }
    if (!PATIENT.equals(target.getResourceType())) {
      return;
    }
    boolean ours = !target.hasBaseUrl()
        || (serverBase != null && stripSlash(target.getBaseUrl()).equals(stripSlash(serverBase)));
    if (ours) {
      patients.add(target.getIdPart());
    } else {
      unresolved.add(value);
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

}
