package org.neurofhir.server.scheduling.workflow;

import java.util.Optional;

/**
 * Who acts on an appointment, as far as scheduling cares.
 *
 * @param side the patient, the clinic (practitioners, secretaries, admins) or an EHR client
 * @param patient the Patient a patient user is ({@code Patient/1})
 * @param practitioner the Practitioner a doctor's account names ({@code Practitioner/7})
 * @param secretary a secretary or admin: may act for any patient and any practitioner, confirms nothing
 * @param name the token's subject, recorded in the cancellation reason
 */
public record Booker(Side side, Optional<String> patient, Optional<String> practitioner, boolean secretary, String name) {

  public enum Side { PATIENT, CLINIC, EHR }
}
