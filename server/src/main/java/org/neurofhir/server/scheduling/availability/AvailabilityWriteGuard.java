package org.neurofhir.server.scheduling.availability;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Schedule;
import org.neurofhir.server.security.Caller;
import org.neurofhir.server.security.CallerAuthenticationToken;
import org.neurofhir.server.security.Role;

/**
 * An availability schedule is written by secretaries, admins and clients allowed by their scopes, and by the doctor
 * it belongs to (whose account's fhirUser is an actor of the stored and of the new version), by no other doctor: a
 * doctor's role may write every clinical resource, but one doctor's agenda is not another's to change. Its content
 * is read here too, so nothing unreadable is stored (422).
 */
@Interceptor
public class AvailabilityWriteGuard {

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void created(IBaseResource resource, RequestDetails request) {
    if (resource instanceof Schedule schedule && AvailabilityReader.isAvailability(schedule)) {
      Availability next = AvailabilityReader.read(schedule).orElseThrow();
      checkCaller(request, Optional.empty(), next);
    }
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
    if (!(resource instanceof Schedule schedule) || !(previous instanceof Schedule before)) {
      return;
    }
    Optional<Availability> was = readable(before);
    if (AvailabilityReader.isAvailability(schedule)) {
      checkCaller(request, was, AvailabilityReader.read(schedule).orElseThrow());
    } else if (was.isPresent()) {
      checkCaller(request, was, was.get());
    }
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
  public void deleted(IBaseResource resource, RequestDetails request) {
    if (resource instanceof Schedule schedule) {
      Optional<Availability> was = readable(schedule);
      if (was.isPresent()) {
        checkCaller(request, was, was.get());
      }
    }
  }

  private static Optional<Availability> readable(Schedule schedule) {
    try {
      return AvailabilityReader.read(schedule);
    } catch (ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException e) {
      return Optional.empty();
    }
  }

  private static void checkCaller(RequestDetails request, Optional<Availability> before, Availability after) {
    if (request == null || request instanceof SystemRequestDetails) {
      return;
    }
    Optional<Caller> caller = CallerAuthenticationToken.current();
    if (caller.isEmpty() || !caller.get().has(Role.DOCTOR) || caller.get().has(Role.ADMIN)
        || caller.get().has(Role.SECRETARY)) {
      return; // role and scopes were checked by the authorization interceptor
    }
    String self = caller.get().fhirUser().filter(f -> f.startsWith("Practitioner/")).orElse(null);
    List<String> mustName = before.map(Availability::actors).orElse(List.of());
    if (self == null || !after.actors().contains(self) || before.isPresent() && !mustName.contains(self)) {
      throw new ForbiddenOperationException("a doctor edits only their own availability (a Schedule whose actor is "
          + (self == null ? "the Practitioner of their account, which names none" : self) + ")");
    }
  }
}
