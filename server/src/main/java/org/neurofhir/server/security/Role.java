package org.neurofhir.server.security;

import java.util.Locale;
import java.util.Optional;

/** The people who use a clinic's server. System clients have no role: their scopes say what they may do. */
public enum Role {
  ADMIN,
  DOCTOR,
  NURSE,
  SECRETARY,
  PATIENT;

  /** The name used in tokens, configuration and the users table. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String authority() {
    return "ROLE_" + id();
  }

  public static Optional<Role> parse(String value) {
    for (Role r : values()) {
      if (r.id().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
