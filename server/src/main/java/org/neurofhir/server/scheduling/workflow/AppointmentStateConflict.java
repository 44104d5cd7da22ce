package org.neurofhir.server.scheduling.workflow;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;

/** 409: the appointment is not in a state this step applies to (confirming a cancelled one, cancelling twice). */
final class AppointmentStateConflict extends BaseServerResponseException {
  AppointmentStateConflict(String message) {
    super(409, message);
  }
}
