package org.neurofhir.server.review;

import org.hl7.fhir.r4.model.Reference;

/**
 * The clinician signing a review: the Practitioner their token's {@code fhirUser} names.
 *
 * @param displayName the Practitioner's name as the report prints it (the username when it has none)
 */
public record Reviewer(String practitionerId, String username, String displayName) {

  public Reference reference() {
    return new Reference("Practitioner/" + practitionerId);
  }
}
