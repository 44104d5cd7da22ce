package org.neurofhir.server.security;

import java.util.Optional;
import java.util.Set;

/** Where the authorization server finds the roles and FHIR identity of a user it issues a token to. */
public interface UserClaimsSource {

  /**
   * @param roles the user's roles
   * @param fhirUser {@code Practitioner/…} or {@code Patient/…}, when the user is linked to one
   */
  record UserClaims(Set<Role> roles, Optional<String> fhirUser) {}

  Optional<UserClaims> claimsFor(String username);
}
