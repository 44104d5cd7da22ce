package org.neurofhir.server.careteam;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who looks after which patient.
 *
 * @param doctorsSeeAssignedPatientsOnly a doctor reaches only the patients whose {@code generalPractitioner} names
 *     the doctor's Practitioner (off by default: in a small clinic every doctor sees every patient)
 */
@ConfigurationProperties("neurofhir.care-team")
public record CareTeamProperties(@DefaultValue("false") boolean doctorsSeeAssignedPatientsOnly) {}
