package org.neurofhir.server.scheduling.availability;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Set;
import org.neurofhir.profiles.ConsultationMode;

/**
 * Opening hours repeated every week, in local time of the schedule's zone: slots of {@code slot} from {@code start}
 * while one still ends by {@code end}.
 */
public record WeeklyRule(
    Set<DayOfWeek> days, LocalTime start, LocalTime end, Duration slot, int capacity, Set<ConsultationMode> modes) {}
