package org.neurofhir.server.scheduling.slots;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Slot;
import org.neurofhir.profiles.ConsultationMode;

/**
 * {@code $find}'s answer as a HAPI Bundle: a searchset of free Slots, computed, not stored ({@code schedule} +
 * {@code start} name one for {@code $book}), times in the schedule's own offset. {@link FreeSlotJsonWriter} writes the same Bundle as JSON.
 */
final class FreeSlotBundle {

  private FreeSlotBundle() {}

  static Bundle of(List<FreeSlot> free) {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
    bundle.setTotal(free.size());
    SlotIds ids = new SlotIds();
    for (FreeSlot f : free) {
      String id = ids.of(f);
      bundle.addEntry().setFullUrl("urn:uuid:" + id).setResource(slot(f, id))
          .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
    }
    return bundle;
  }

  private static Slot slot(FreeSlot f, String id) {
    Slot slot = new Slot();
    slot.setId(id);
    if (f.slot().modes().size() == 1) {
      ConsultationMode only = f.slot().modes().iterator().next();
      slot.addExtension(only.toExtension());
    }
    slot.setSchedule(new Reference("Schedule/" + f.slot().scheduleId()));
    slot.setStatus(Slot.SlotStatus.FREE);
    TimeZone zone = TimeZone.getTimeZone(f.zone());
    slot.setStartElement(new InstantType(Date.from(f.slot().start()), TemporalPrecisionEnum.SECOND, zone));
    slot.setEndElement(new InstantType(Date.from(f.slot().end()), TemporalPrecisionEnum.SECOND, zone));
    if (f.slot().capacity() > 1) {
      slot.setComment(placesFree(f));
    }
    return slot;
  }

  static String placesFree(FreeSlot f) {
    return f.free() + " of " + f.slot().capacity() + " places free";
  }
}
