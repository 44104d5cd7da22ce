package org.neurofhir.server.security.launch;

import java.util.Optional;

/**
 * What an EHR opened an app for (SMART App Launch "launch context"): a patient, maybe an encounter, maybe for one
 * client only. Ids are plain FHIR ids ({@code 123}), as SMART's token response carries them.
 */
public record LaunchContext(String patientId, Optional<String> encounterId, Optional<String> clientId) {}
