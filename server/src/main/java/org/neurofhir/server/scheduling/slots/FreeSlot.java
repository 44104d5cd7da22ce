package org.neurofhir.server.scheduling.slots;

import java.time.ZoneId;
import org.neurofhir.server.scheduling.availability.OpenSlot;

/** An open slot with {@code free} of its seats not taken; {@code zone} is its schedule's, in which it is shown. */
public record FreeSlot(OpenSlot slot, int free, ZoneId zone) {}
