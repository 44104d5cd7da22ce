package org.neurofhir.server.scheduling.slots;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Slot;
import org.neurofhir.profiles.ConsultationMode;
import org.neurofhir.server.scheduling.OperationInput;

/**
 * {@code GET|POST Appointment/$find?practitioner=Practitioner/1&specialty=…&location=Location/mr-1&mode=remote
 * &start=2027-03-01&end=2027-03-29} (after Argonaut Scheduling / Da Vinci's {@code $find}): the free slots, as a
 * searchset Bundle of Slot resources with status free, that {@code $book} takes. The Slots are computed and not
 * stored (they have no id; {@code schedule} + {@code start} name one).
 */
public class FindOperationProvider {

  public static final String OPERATION = "$find";
  private static final Set<String> PARAMETERS =
      Set.of("practitioner", "location", "actor", "schedule", "specialty", "mode", "start", "end");

  private final FreeSlotFinder finder;

  public FindOperationProvider(FreeSlotFinder finder) {
    this.finder = finder;
  }

  @Operation(name = OPERATION, type = Appointment.class, idempotent = true)
  public Bundle find(RequestDetails request) {
    OperationInput in = OperationInput.of(OPERATION, request, PARAMETERS);
    List<String> actors = new java.util.ArrayList<>();
    in.all("practitioner").forEach(v -> actors.add(OperationInput.reference(OPERATION, "practitioner", v, "Practitioner")));
    in.all("location").forEach(v -> actors.add(OperationInput.reference(OPERATION, "location", v, "Location")));
    for (String v : in.all("actor")) {
      if (!v.matches("(Practitioner|PractitionerRole|Location|Device|HealthcareService)/[A-Za-z0-9\\-.]{1,64}")) {
        throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException(
            "$find: actor is a reference to a Practitioner, PractitionerRole, Location, Device or HealthcareService: " + v);
      }
      actors.add(v);
    }
    FreeSlotQuery query = new FreeSlotQuery(actors, in.all("specialty"),
        in.optional("schedule").map(v -> OperationInput.reference(OPERATION, "schedule", v, "Schedule").substring(9)),
        in.mode("mode"), in.instant("start", in.required("start"), false), in.instant("end", in.required("end"), true));
    Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
    List<FreeSlot> free = finder.find(query);
    for (FreeSlot f : free) {
      Slot slot = new Slot();
      slot.setStatus(Slot.SlotStatus.FREE);
      slot.setSchedule(new Reference("Schedule/" + f.slot().scheduleId()));
      slot.setStart(Date.from(f.slot().start()));
      slot.setEnd(Date.from(f.slot().end()));
      if (f.slot().modes().size() == 1) {
        ConsultationMode only = f.slot().modes().iterator().next();
        slot.addExtension(only.toExtension());
      }
      if (f.slot().capacity() > 1) {
        slot.setComment(f.free() + " of " + f.slot().capacity() + " places free");
      }
      bundle.addEntry().setResource(slot).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
    }
    bundle.setTotal(free.size());
    return bundle;
  }
}
