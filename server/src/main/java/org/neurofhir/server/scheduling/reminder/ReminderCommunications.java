package org.neurofhir.server.scheduling.reminder;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.neurofhir.profiles.NeuroFhirCanonical;

/**
 * The record of one reminder: a Communication (category reminder) about the Appointment, to and about the Patient
 * (so it is in the patient's compartment), {@code completed} with the text sent, or {@code not-done} with why.
 */
final class ReminderCommunications {

  /** Identifier system of reminder Communications; the value is the row id in nf_reminder. */
  static final String IDENTIFIER_SYSTEM = NeuroFhirCanonical.BASE + "/sid/appointment-reminder";
  private static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/communication-category";
  private static final String MEDIUM_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode";

  private ReminderCommunications() {}

  static Communication sent(ReminderSchedule.Claim claim, String patient, PatientContact contact,
      ReminderTemplates.Text text, Instant at) {
    Communication c = base(claim, patient);
    c.setStatus(Communication.CommunicationStatus.COMPLETED);
    c.addMedium(medium(contact.channel()));
    c.setSent(Date.from(at));
    c.setLanguage(text.language());
    c.addPayload().setContent(new StringType(contact.channel() == PatientContact.Channel.EMAIL
        ? text.subject() + "\n\n" + text.email() : text.sms()));
    return c;
  }

  static Communication notDone(ReminderSchedule.Claim claim, String patient, Optional<PatientContact.Channel> channel,
      String reason) {
    Communication c = base(claim, patient);
    c.setStatus(Communication.CommunicationStatus.NOTDONE);
    c.setStatusReason(new CodeableConcept().setText(reason));
    channel.ifPresent(ch -> c.addMedium(medium(ch)));
    return c;
  }

  private static Communication base(ReminderSchedule.Claim claim, String patient) {
    Communication c = new Communication();
    c.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(claim.id());
    c.addCategory(new CodeableConcept().addCoding(new Coding(CATEGORY_SYSTEM, "reminder", "Reminder")));
    c.setSubject(new Reference(patient));
    c.addRecipient(new Reference(patient));
    c.addAbout(new Reference("Appointment/" + claim.appointmentId()));
    c.addNote().setText("appointment reminder " + humanLead(claim) + " before the start");
    return c;
  }

  private static CodeableConcept medium(PatientContact.Channel channel) {
    return channel == PatientContact.Channel.EMAIL
        ? new CodeableConcept().addCoding(new Coding(MEDIUM_SYSTEM, "EMAILWRIT", "email")).setText("e-mail")
        : new CodeableConcept().addCoding(new Coding(MEDIUM_SYSTEM, "ONLINEWRIT", "online written")).setText("SMS");
  }

  static String humanLead(ReminderSchedule.Claim claim) {
    long minutes = claim.lead().toMinutes();
    return minutes % 60 == 0 ? minutes / 60 + " h" : minutes + " min";
  }
}
