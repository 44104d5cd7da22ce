package org.neurofhir.server.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling, as read from a validated token.
 *
 * @param subject token {@code sub}: a username or, for client_credentials, the client id
 * @param clientId the OAuth2 client the token was issued to
 * @param roles NeuroFHIR roles (empty for a system client)
 * @param scopes SMART resource scopes the token carries
 * @param fhirUser the Practitioner or Patient this user is, as {@code Patient/123}
 * @param launchPatient the patient an EHR opened the app for (SMART launch context, token claim {@code patient}), as
 *     {@code Patient/123}; {@code patient/} scopes of a staff user reach this patient's record only
 */
public record Caller(
    String subject, String clientId, Set<Role> roles, List<SmartScope> scopes, Optional<String> fhirUser,
    Optional<String> launchPatient) {

  public boolean isUser() {
    return !roles.isEmpty();
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  /** The patient this caller is, when the caller is a patient user linked to a Patient resource. */
  public Optional<String> patientId() {
    return fhirUser.filter(ref -> ref.startsWith("Patient/") || ref.contains("/Patient/"))
        .map(ref -> ref.substring(ref.lastIndexOf("Patient/")))
        .map(ref -> ref.contains("/_history") ? ref.substring(0, ref.indexOf("/_history")) : ref);
  }
}
