package org.neurofhir.server.record.lab;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.Date;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * A critical result is told to the doctor who ordered it as a Communication (category alert, priority stat), not a
 * Flag: a Flag warns everyone who opens the patient and has no addressee, while a critical value is news for one
 * person who must act now. The ordering doctor is the {@code requester} of the ServiceRequest the result is
 * {@code basedOn}; a result without an order gets a Communication without recipient, found on the patient's record
 * ({@code Communication?subject=…&category=alert}). Written in the transaction that stores the result: both or
 * neither are stored.
 */
class CriticalResultNotices {

  static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/communication-category";

  private final DaoRegistry daos;

  CriticalResultNotices(DaoRegistry daos) {
    this.daos = daos;
  }

  void send(Observation result) {
    Communication notice = new Communication();
    notice.setStatus(Communication.CommunicationStatus.COMPLETED);
    notice.setPriority(Communication.CommunicationPriority.STAT);
    notice.addCategory(new CodeableConcept().addCoding(new Coding(CATEGORY_SYSTEM, "alert", "Alert")));
    notice.setSubject(result.getSubject().copy());
    notice.addAbout(new Reference(result.getIdElement().toUnqualifiedVersionless().getValue()));
    notice.setSent(new Date());
    for (Reference order : result.getBasedOn()) {
      if ("ServiceRequest".equals(order.getReferenceElement().getResourceType())) {
        notice.addBasedOn(order.copy());
        ServiceRequest request = order(order);
        if (request != null && request.hasRequester()) {
          notice.addRecipient(request.getRequester().copy());
        }
      }
    }
    notice.addPayload().setContent(new org.hl7.fhir.r4.model.StringType(text(result)));
    daos.getResourceDao(Communication.class).create(notice, new SystemRequestDetails());
  }

  private ServiceRequest order(Reference reference) {
    try {
      return daos.getResourceDao(ServiceRequest.class).read(reference.getReferenceElement().toUnqualifiedVersionless(),
          new SystemRequestDetails());
    } catch (BaseServerResponseException gone) {
      return null;
    }
  }

  private static String text(Observation result) {
    String test = result.getCode().hasText() ? result.getCode().getText()
        : result.getCode().getCoding().stream().map(c -> c.hasDisplay() ? c.getDisplay() : c.getCode())
            .findFirst().orElse("result");
    String value = result.getValue() instanceof Quantity q
        ? q.getValue().toPlainString() + (q.hasUnit() ? " " + q.getUnit() : q.hasCode() ? " " + q.getCode() : "")
        : "";
    String flags = result.getInterpretation().stream().flatMap(c -> c.getCoding().stream()).map(Coding::getCode)
        .collect(Collectors.joining(", "));
    return "Critical result: " + test + " " + value + " (" + flags + ")";
  }
}
