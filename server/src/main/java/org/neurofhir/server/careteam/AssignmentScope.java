package org.neurofhir.server.careteam;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The patients one request of a doctor may reach, looked up once per request (batch entries share it).
 *
 * @param practitioner the doctor's {@code Practitioner/<id>}, or null for a doctor not linked to one (who is then
 *     assigned to nobody)
 * @param patients ids of the assigned patients; grows when the doctor registers a patient in this request
 */
record AssignmentScope(String practitioner, Set<String> patients) {

  static AssignmentScope of(String practitioner, Collection<String> patients) {
    Set<String> set = ConcurrentHashMap.newKeySet();
    set.addAll(patients);
    return new AssignmentScope(practitioner, set);
  }

  boolean reachesAny(Collection<String> owners) {
    return owners.stream().anyMatch(patients::contains);
  }

  boolean reachesAll(Collection<String> owners) {
    return patients.containsAll(owners);
  }
}
