package org.neurofhir.server.audit;

import java.util.Date;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * Outbox row → AuditEvent (FHIR R4, DICOM audit vocabulary). Who is in {@code agent.name} (user or client) and
 * {@code agent.altId} (client); what in {@code entity.name} ({@code Patient/123}) — names, not references, because a
 * reference would have to resolve and the audited resource may be deleted or may never have existed.
 */
final class AuditEventFactory {

  static final String SOURCE = "NeuroFHIR";
  static final String RESTFUL_INTERACTION = "http://hl7.org/fhir/restful-interaction";
  static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
  static final String NEUROFHIR_AUDIT = "https://neurofhir.org/CodeSystem/audit-subtype";

  private AuditEventFactory() {}

  static AuditEvent toAuditEvent(long outboxId, AuditRecord r) {
    AuditEvent event = new AuditEvent();
    event.setId("nf-audit-" + outboxId);
    switch (r.kind()) {
      case "rest" -> {
        event.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"));
        event.addSubtype(new Coding(RESTFUL_INTERACTION, r.subtype(), r.subtype()));
      }
      case "login" -> {
        event.setType(new Coding(DICOM, "110114", "User Authentication"));
        event.addSubtype(new Coding(DICOM, "110122", "Login"));
        event.addSubtype(new Coding(NEUROFHIR_AUDIT, r.subtype(), r.subtype()));
      }
      case "access" -> {
        event.setType(new Coding(DICOM, "110113", "Security Alert"));
        event.addSubtype(new Coding(NEUROFHIR_AUDIT, r.subtype(), r.subtype()));
      }
      case "admin" -> {
        event.setType(new Coding(DICOM, "110100", "Application Activity"));
        event.addSubtype(new Coding(NEUROFHIR_AUDIT, r.subtype(), r.subtype()));
      }
      default -> {
        event.setType(new Coding(DICOM, "110114", "User Authentication"));
        event.addSubtype(new Coding(NEUROFHIR_AUDIT, r.subtype(), r.subtype()));
      }
    }
    event.setAction(AuditEventAction.fromCode(r.action()));
    event.setRecorded(Date.from(r.recordedAt()));
    event.setOutcome(outcome(r.httpStatus()));
    if (!r.success() || r.detail() != null) {
      event.setOutcomeDesc((r.success() ? "" : "HTTP " + r.httpStatus() + ": ") + (r.detail() == null ? "" : r.detail()));
    }
    AuditEvent.AuditEventAgentComponent agent = event.addAgent();
    agent.setRequestor(true);
    agent.setName(r.username() == null ? "anonymous" : r.username());
    if (r.username() != null) {
      agent.setWho(new Reference().setIdentifier(new Identifier().setSystem("urn:neurofhir:user").setValue(r.username())));
    }
    if (r.clientId() != null) {
      agent.setAltId(r.clientId());
    }
    if (r.sourceIp() != null) {
      agent.getNetwork().setAddress(r.sourceIp()).setType(AuditEvent.AuditEventAgentNetworkType._2);
    }
    event.getSource().setSite(SOURCE).setObserver(new Reference().setDisplay(SOURCE));
    if (r.entity() != null) {
      event.addEntity().setName(r.entity()).setWhat(new Reference().setDisplay(r.entity()));
    }
    return event;
  }

  /** 0 success, 4 minor failure (refused, not found, bad request), 8 serious failure (server error). */
  static AuditEventOutcome outcome(int status) {
    if (status < 400) {
      return AuditEventOutcome._0;
    }
    return status >= 500 ? AuditEventOutcome._8 : AuditEventOutcome._4;
  }
}
