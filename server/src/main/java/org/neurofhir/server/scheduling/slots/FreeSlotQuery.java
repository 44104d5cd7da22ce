package org.neurofhir.server.scheduling.slots;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.neurofhir.profiles.ConsultationMode;

/**
 * What {@code Appointment/$find} looks for: slots starting in [from, to) of schedules whose actor is any of
 * {@code actors} (practitioners, locations; empty = any), of any of {@code specialties} ({@code system|code} or a
 * code; empty = any), offered in {@code mode} (empty = any).
 */
public record FreeSlotQuery(
    List<String> actors, List<String> specialties, Optional<String> scheduleId, Optional<ConsultationMode> mode,
    Instant from, Instant to) {}
