package org.neurofhir.server.scheduling.slots;

import org.neurofhir.server.scheduling.availability.OpenSlot;

/** An open slot with {@code free} of its seats not taken. */
public record FreeSlot(OpenSlot slot, int free) {}
