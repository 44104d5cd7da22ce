package org.neurofhir.server.scheduling.availability;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Schedule;

/** The availability schedules stored in HAPI, found by actor (who or what they are for) and specialty. */
public class ScheduleDirectory {

  private final IFhirResourceDao<Schedule> schedules;

  public ScheduleDirectory(IFhirResourceDao<Schedule> schedules) {
    this.schedules = schedules;
  }

  /** Availability schedules of any of these actors ({@code Practitioner/1}, {@code Location/mr-1}). */
  public List<Availability> forActors(Collection<String> actors) {
    if (actors.isEmpty()) {
      return List.of();
    }
    ReferenceOrListParam any = new ReferenceOrListParam();
    actors.forEach(a -> any.addOr(new ReferenceParam(a)));
    SearchParameterMap map = SearchParameterMap.newSynchronous();
    map.add(Schedule.SP_ACTOR, any);
    return run(map);
  }

  /** Availability schedules matching all the given filters (each list: any of). */
  public List<Availability> matching(List<String> actors, List<String> specialties, Optional<String> scheduleId) {
    SearchParameterMap map = SearchParameterMap.newSynchronous();
    if (!actors.isEmpty()) {
      ReferenceOrListParam any = new ReferenceOrListParam();
      actors.forEach(a -> any.addOr(new ReferenceParam(a)));
      map.add(Schedule.SP_ACTOR, any);
    }
    scheduleId.ifPresent(id -> map.add("_id", new TokenParam(id)));
    List<Availability> found = run(map);
    if (specialties.isEmpty()) {
      return found;
    }
    return found.stream().filter(a -> specialties.stream().anyMatch(s -> matchesSpecialty(a, s))).toList();
  }

  /** {@code system|code} or a bare code. */
  private static boolean matchesSpecialty(Availability a, String wanted) {
    return a.specialties().stream().anyMatch(s -> wanted.contains("|") ? s.equals(wanted) : s.endsWith("|" + wanted));
  }

  private List<Availability> run(SearchParameterMap map) {
    List<Availability> result = new ArrayList<>();
    for (IBaseResource r : schedules.search(map, new SystemRequestDetails()).getAllResources()) {
      try {
        AvailabilityReader.read((Schedule) r).ifPresent(result::add);
      } catch (UnprocessableEntityException storedBeforeTheRules) {
        // written before this server read availability: it offers no slots until it is corrected
      }
    }
    return result;
  }
}
