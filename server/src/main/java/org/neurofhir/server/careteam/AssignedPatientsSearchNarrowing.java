package org.neurofhir.server.careteam;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import org.neurofhir.server.security.ReadKeepingSearchNarrowing;
import java.util.UUID;

/**
 * Narrows a restricted doctor's searches to the compartments of their assigned patients, so that
 * {@code DiagnosticReport?status=preliminary} is their worklist and totals and pages count only their patients
 * ({@link AssignedPatientsGuard} still leaves out anything else that would come back).
 */
public class AssignedPatientsSearchNarrowing extends ReadKeepingSearchNarrowing {

  /** A doctor assigned to nobody searches a compartment that no patient has. */
  private static final String NOBODY = "Patient/unassigned-" + UUID.randomUUID();

  private final AssignedPatientsGuard guard;

  public AssignedPatientsSearchNarrowing(AssignedPatientsGuard guard) {
    this.guard = guard;
    setNarrowConditionalUrls(true);
  }

  @Override
  protected AuthorizedList buildAuthorizedList(RequestDetails request) {
    return guard.scopeOf(request).map(scope -> {
      AuthorizedList list = new AuthorizedList();
      if (scope.patients().isEmpty()) {
        return list.addCompartment(NOBODY);
      }
      scope.patients().forEach(id -> list.addCompartment("Patient/" + id));
      return list;
    }).orElse(null);
  }
}
