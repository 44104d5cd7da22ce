package org.neurofhir.server.record.consultation;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.neurofhir.server.record.RefusedRecordEntry;

/**
 * A consultation (Encounter) moves forward only: planned → (arrived → triaged →) in-progress → finished, with
 * cancelled before it is finished and entered-in-error from anywhere. A finished or cancelled consultation is not
 * reopened: a correction is a new Encounter. Creating one in any status stays allowed (a consultation recorded
 * after the fact, an import).
 */
@Interceptor
public class ConsultationStatusFlow {

  private static final Map<EncounterStatus, Set<EncounterStatus>> NEXT = Map.of(
      EncounterStatus.PLANNED, EnumSet.of(EncounterStatus.ARRIVED, EncounterStatus.TRIAGED, EncounterStatus.INPROGRESS,
          EncounterStatus.CANCELLED),
      EncounterStatus.ARRIVED, EnumSet.of(EncounterStatus.TRIAGED, EncounterStatus.INPROGRESS, EncounterStatus.CANCELLED),
      EncounterStatus.TRIAGED, EnumSet.of(EncounterStatus.INPROGRESS, EncounterStatus.CANCELLED),
      EncounterStatus.INPROGRESS, EnumSet.of(EncounterStatus.ONLEAVE, EncounterStatus.FINISHED, EncounterStatus.CANCELLED),
      EncounterStatus.ONLEAVE, EnumSet.of(EncounterStatus.INPROGRESS, EncounterStatus.FINISHED, EncounterStatus.CANCELLED),
      EncounterStatus.FINISHED, EnumSet.noneOf(EncounterStatus.class),
      EncounterStatus.CANCELLED, EnumSet.noneOf(EncounterStatus.class),
      EncounterStatus.ENTEREDINERROR, EnumSet.noneOf(EncounterStatus.class));

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    if (!(previous instanceof Encounter before) || !(resource instanceof Encounter after)) {
      return;
    }
    EncounterStatus from = before.getStatus();
    EncounterStatus to = after.getStatus();
    if (from == to || to == EncounterStatus.ENTEREDINERROR || from == null || from == EncounterStatus.UNKNOWN
        || from == EncounterStatus.NULL) {
      return;
    }
    if (!NEXT.getOrDefault(from, Set.of()).contains(to)) {
      throw new RefusedRecordEntry("Encounter.status", "A consultation goes from " + from.toCode() + " to "
          + (NEXT.getOrDefault(from, Set.of()).isEmpty() ? "nothing but entered-in-error" : NEXT.get(from).stream()
              .map(EncounterStatus::toCode).sorted().toList() + " or entered-in-error")
          + ", not to " + (to == null ? "no status" : to.toCode()) + "; nothing was stored");
    }
  }
}
