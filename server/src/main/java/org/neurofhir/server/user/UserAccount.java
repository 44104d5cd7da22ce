package org.neurofhir.server.user;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.neurofhir.server.security.Role;

/**
 * A row of {@code nf_user}.
 *
 * @param fhirUser the Practitioner or Patient this user is ({@code Patient/123}); empty for staff not in FHIR
 */
public record UserAccount(
    String username,
    String passwordHash,
    Set<Role> roles,
    Status status,
    int failedAttempts,
    Optional<Instant> lockedUntil,
    Optional<Instant> lastLogin,
    Optional<String> fhirUser) {

  public enum Status {
    ACTIVE,
    SUSPENDED
  }

  public boolean lockedAt(Instant now) {
    return lockedUntil.map(now::isBefore).orElse(false);
  }
}
