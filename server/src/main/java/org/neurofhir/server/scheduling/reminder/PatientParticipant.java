package org.neurofhir.server.scheduling.reminder;

import java.util.Optional;
import org.hl7.fhir.r4.model.Appointment;

/** The patient an appointment is for: its Patient participant that has not declined. */
final class PatientParticipant {

  private PatientParticipant() {}

  /** {@code Patient/1}, if any. */
  static Optional<String> of(Appointment appointment) {
    return appointment.getParticipant().stream()
        .filter(p -> p.getStatus() != Appointment.ParticipationStatus.DECLINED)
        .map(p -> p.getActor().getReferenceElement())
        .filter(r -> "Patient".equals(r.getResourceType()) && r.hasIdPart())
        .map(r -> "Patient/" + r.getIdPart())
        .findFirst();
  }
}
