package org.neurofhir.server.review;

import org.hl7.fhir.r4.model.Reference;

/** The clinician signing a review: the Practitioner their token's {@code fhirUser} names. */
public record Reviewer(String practitionerId, String username) {

  public Reference reference() {
    return new Reference("Practitioner/" + practitionerId);
  }
}
