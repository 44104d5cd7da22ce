package org.neurofhir.server.scheduling.booking;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;

/** 409 Conflict, but not a version conflict: an If-Match on the request does not make it 412. */
public final class SlotTaken extends BaseServerResponseException {
  public SlotTaken(String message) {
    super(409, message);
  }
}
