package org.neurofhir.server.scheduling.reminder;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.time.ZoneId;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.neurofhir.server.scheduling.availability.Availability;
import org.neurofhir.server.scheduling.availability.ScheduleDirectory;
import org.neurofhir.server.scheduling.booking.AppointmentSlots;

/**
 * What a reminder tells of an appointment: its start on the wall clock of its availability schedule (else the
 * configured zone), the practitioner's and the location's names, the consultation mode. Nothing else of it (no
 * reason, note or specialty) goes into a message.
 */
class AppointmentFacts {

  private final DaoRegistry daos;
  private final ScheduleDirectory schedules;
  private final ZoneId fallbackZone;

  AppointmentFacts(DaoRegistry daos, ScheduleDirectory schedules, ZoneId fallbackZone) {
    this.daos = daos;
    this.schedules = schedules;
    this.fallbackZone = fallbackZone;
  }

  ReminderTemplates.Facts of(Appointment appointment) {
    ZoneId zone = schedules.forActors(AppointmentSlots.bookableActors(appointment)).stream()
        .map(Availability::zone).findFirst().orElse(fallbackZone);
    return new ReminderTemplates.Facts(appointment.getStart().toInstant(), zone, participant(appointment, "Practitioner"),
        participant(appointment, "Location"), AppointmentSlots.mode(appointment).map(m -> m.code()));
  }

  private Optional<String> participant(Appointment appointment, String type) {
    return appointment.getParticipant().stream()
        .map(Appointment.AppointmentParticipantComponent::getActor)
        .filter(r -> type.equals(r.getReferenceElement().getResourceType()))
        .map(this::name)
        .flatMap(Optional::stream)
        .findFirst();
  }

  private Optional<String> name(Reference ref) {
    if (ref.hasDisplay()) {
      return Optional.of(ref.getDisplay());
    }
    try {
      IdType id = new IdType(ref.getReferenceElement().getResourceType(), ref.getReferenceElement().getIdPart());
      IBaseResource actor = daos.getResourceDao(id.getResourceType()).read(id, new SystemRequestDetails());
      if (actor instanceof Practitioner p && p.hasName()) {
        return Optional.of(p.getNameFirstRep().getNameAsSingleString());
      }
      if (actor instanceof Location l && l.hasName()) {
        return Optional.of(l.getName());
      }
    } catch (BaseServerResponseException gone) {
      // an unknown or deleted participant: the reminder says nothing of them
    }
    return Optional.empty();
  }
}
