package org.neurofhir.server.scheduling.booking;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;
import org.neurofhir.profiles.ConsultationMode;
import org.neurofhir.profiles.NeuroFhirCanonical;

/** What of an Appointment decides its slot: who or what it books, its mode, whether it holds a seat. */
public final class AppointmentSlots {

  private AppointmentSlots() {}

  /** Participants that can have an agenda: everyone but the patient (and related persons). */
  public static List<String> bookableActors(Appointment appointment) {
    return appointment.getParticipant().stream()
        .map(Appointment.AppointmentParticipantComponent::getActor)
        .filter(Reference::hasReference)
        .map(r -> r.getReferenceElement())
        .filter(id -> id.hasResourceType() && id.hasIdPart())
        .filter(id -> !List.of("Patient", "RelatedPerson", "Group").contains(id.getResourceType()))
        .map(id -> id.getResourceType() + "/" + id.getIdPart())
        .distinct()
        .toList();
  }

  /** Requested, waiting or taking place: the slot is held. Cancelled, entered in error: it is free again. */
  public static boolean holdsSeat(Appointment.AppointmentStatus status) {
    return status != null && status != Appointment.AppointmentStatus.CANCELLED
        && status != Appointment.AppointmentStatus.ENTEREDINERROR && status != Appointment.AppointmentStatus.NULL;
  }

  public static Optional<ConsultationMode> mode(Appointment appointment) {
    Extension e = appointment.getExtensionByUrl(NeuroFhirCanonical.EXT_CONSULTATION_MODE);
    if (e == null || !(e.getValue() instanceof org.hl7.fhir.r4.model.Coding coding)) {
      return Optional.empty();
    }
    try {
      return Optional.of(ConsultationMode.fromCode(coding.getCode()));
    } catch (IllegalArgumentException unknown) {
      return Optional.empty(); // the profile check refuses the code itself
    }
  }
}
