package org.neurofhir.server.scheduling.availability;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Schedule;

/**
 * The availability schedules stored in HAPI, found by actor (who or what they are for) and specialty. Writes
 * ({@link #forActors}) search HAPI inside their own storage transaction, so they see what that transaction wrote;
 * free-slot searches ({@link #matching}) read a per-node copy of the parsed schedules that {@link ScheduleVersions}
 * checks against the database on every call, so it is never stale.
 */
public class ScheduleDirectory {

  /** A Schedule as parsed at one version; empty when it is not an availability schedule. */
  private record Parsed(long version, Optional<Availability> availability) {}

  private static final int IDS_PER_SEARCH = 200;

  private final IFhirResourceDao<Schedule> schedules;
  private final ScheduleVersions versions;
  private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

  public ScheduleDirectory(IFhirResourceDao<Schedule> schedules, DataSource dataSource) {
    this.schedules = schedules;
    this.versions = new ScheduleVersions(dataSource);
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
    return current().stream()
        .filter(a -> actors.isEmpty() || a.actors().stream().anyMatch(actors::contains))
        .filter(a -> scheduleId.isEmpty() || a.scheduleId().equals(scheduleId.get()))
        .filter(a -> specialties.isEmpty() || specialties.stream().anyMatch(s -> matchesSpecialty(a, s)))
        .toList();
  }

  /** Every availability schedule as stored now; a Schedule is read and parsed again only when its version changed. */
  private List<Availability> current() {
    Map<String, Long> now = versions.current();
    parsed.keySet().retainAll(now.keySet());
    List<String> changed = now.entrySet().stream()
        .filter(e -> !parsed.containsKey(e.getKey()) || parsed.get(e.getKey()).version() != e.getValue())
        .map(Map.Entry::getKey)
        .toList();
    for (int i = 0; i < changed.size(); i += IDS_PER_SEARCH) {
      TokenOrListParam ids = new TokenOrListParam();
      changed.subList(i, Math.min(changed.size(), i + IDS_PER_SEARCH)).forEach(id -> ids.addOr(new TokenParam(id)));
      SearchParameterMap map = SearchParameterMap.newSynchronous();
      map.add("_id", ids);
      for (IBaseResource r : schedules.search(map, new SystemRequestDetails()).getAllResources()) {
        Schedule schedule = (Schedule) r;
        parsed.put(schedule.getIdElement().getIdPart(),
            new Parsed(schedule.getIdElement().getVersionIdPartAsLong(), readOrSkip(schedule)));
      }
    }
    return now.keySet().stream().sorted()
        .map(parsed::get)
        .filter(p -> p != null && p.availability().isPresent())
        .map(p -> p.availability().get())
        .toList();
  }

  /** {@code system|code} or a bare code. */
  private static boolean matchesSpecialty(Availability a, String wanted) {
    return a.specialties().stream().anyMatch(s -> wanted.contains("|") ? s.equals(wanted) : s.endsWith("|" + wanted));
  }

  private List<Availability> run(SearchParameterMap map) {
    List<Availability> result = new ArrayList<>();
    for (IBaseResource r : schedules.search(map, new SystemRequestDetails()).getAllResources()) {
      readOrSkip((Schedule) r).ifPresent(result::add);
    }
    return result;
  }

  private static Optional<Availability> readOrSkip(Schedule schedule) {
    try {
      return AvailabilityReader.read(schedule);
    } catch (UnprocessableEntityException storedBeforeTheRules) {
      // written before this server read availability: it offers no slots until it is corrected
      return Optional.empty();
    }
  }
}
