package org.neurofhir.server.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;

/**
 * Adds the caller's own Patient compartment to every search a patient makes, so {@code GET /Observation} returns
 * their observations instead of failing authorization on somebody else's; a search naming another patient is
 * refused. Chained and {@code _has} searches are narrowed the same way.
 */
public class PatientSearchNarrowingInterceptor extends ReadKeepingSearchNarrowing {

  private final RolePolicies policies;

  public PatientSearchNarrowingInterceptor(RolePolicies policies) {
    this.policies = policies;
    setNarrowConditionalUrls(true);
  }

  @Override
  protected AuthorizedList buildAuthorizedList(RequestDetails request) {
    return CallerAuthenticationToken.current()
        .map(policies::policyFor)
        .filter(p -> !p.everything() && p.grants().stream().anyMatch(AccessPolicy.Grant::inPatientCompartment))
        .flatMap(AccessPolicy::patientCompartment)
        .map(patient -> new AuthorizedList().addCompartment(patient))
        .orElse(null);
  }
}
