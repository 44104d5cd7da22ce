package org.neurofhir.server.scheduling.slots;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Ids of computed Slots. A Slot of {@code $find} is not stored, yet a search result needs an id and its entry a
 * fullUrl (the base of its relative references): the schedule's name-based UUID with the start's epoch second folded
 * into its low bits. The same slot gets the same id in every answer, two slots of a schedule never share one, and it
 * costs one hash per schedule rather than one per slot (an MD5 per slot was an eighth of a 4,000-slot answer).
 * One instance per answer.
 */
final class SlotIds {

  private final Map<String, UUID> schedules = new HashMap<>();

  String of(FreeSlot f) {
    UUID schedule = schedules.computeIfAbsent(f.slot().scheduleId(),
        id -> UUID.nameUUIDFromBytes(("Schedule/" + id).getBytes(StandardCharsets.UTF_8)));
    // an epoch second fits in 40 bits: the variant bits (top of the low word) and the version stay as they are
    return new UUID(schedule.getMostSignificantBits(),
        schedule.getLeastSignificantBits() ^ f.slot().start().getEpochSecond()).toString();
  }
}
