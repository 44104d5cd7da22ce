package org.neurofhir.server.scheduling.workflow;

import java.time.Instant;
import java.util.Optional;
import org.neurofhir.profiles.ConsultationMode;

/**
 * A request for one slot: of {@code scheduleId} at {@code start}, for {@code patient} ({@code Patient/1}).
 *
 * @param note what the patient or secretary wants the practitioner to know (Appointment.comment)
 */
public record BookingRequest(
    String scheduleId, Instant start, String patient, Optional<ConsultationMode> mode, Optional<String> note) {}
