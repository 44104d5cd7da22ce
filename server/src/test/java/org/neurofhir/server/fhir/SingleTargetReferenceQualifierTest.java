package org.neurofhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.model.cross.JpaResourceLookup;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.model.entity.PartitionablePartitionId;
import ca.uhn.fhir.jpa.util.MemoryCacheService;
import ca.uhn.fhir.jpa.util.MemoryCacheService.CacheEnum;
import ca.uhn.fhir.jpa.util.MemoryCacheService.ForcedIdCacheKey;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A bare id in a reference search whose parameter points at one type only is searched as that type's id
 * ({@link SingleTargetReferenceQualifier}): over HTTP, as an EHR sends it.
 */
class SingleTargetReferenceQualifierTest extends ServerTestBase {

  @Autowired MemoryCacheService memoryCache;

  @Test
  void bareIdOfAPatientParameterMatchesThatPatientOnly() {
    // Client ids may repeat across types: Patient/x and Group/x are two different subjects, and the shared
    // clinical-patient parameter declares both Group and Patient as targets.
    String id = unique("q").toLowerCase().replace('_', '-');
    Patient patient = new Patient();
    patient.setId(id);
    patient.addName().setFamily(id);
    client.update().resource(patient).execute();
    Group group = new Group();
    group.setId(id);
    group.setType(Group.GroupType.PERSON).setActual(true);
    client.update().resource(group).execute();

    String ofPatient = observationAbout("Patient/" + id);
    String ofGroup = observationAbout("Group/" + id);

    assertThat(ids(fhirGet("Observation?patient=" + id))).containsExactly(ofPatient);
    assertThat(ids(fhirGet("Observation?patient=Patient/" + id))).containsExactly(ofPatient);
    // subject may point at Patient, Group, Device or Location: a bare id there still means any of them
    assertThat(ids(fhirGet("Observation?subject=" + id))).containsExactlyInAnyOrder(ofPatient, ofGroup);
    // chained and :missing searches are left alone
    assertThat(ids(fhirGet("Observation?patient.family=" + id))).containsExactly(ofPatient);
    assertThat(ids(fhirGet("Observation?patient:missing=false&code=http://loinc.org|8867-4&subject=" + id)))
        .containsExactlyInAnyOrder(ofPatient);
  }

  @Test
  void serverAssignedIdsAndUnknownIds() {
    String patientId = client.create().resource(new Patient()).execute().getId().getIdPart();
    Encounter encounter = new Encounter();
    encounter.setStatus(Encounter.EncounterStatus.FINISHED);
    encounter.setSubject(new Reference("Patient/" + patientId));
    String encounterId = client.create().resource(encounter).execute().getId().toUnqualifiedVersionless().getValue();

    assertThat(ids(fhirGet("Encounter?patient=" + patientId))).containsExactly(encounterId);
    assertThat(ids(fhirGet("Encounter?patient=" + patientId + "," + patientId))).containsExactly(encounterId);
    assertThat(ids(fhirGet("Encounter?patient=no-such-patient"))).isEmpty();
  }

  @Test
  void repeatedSearchesResolveTheBareIdFromHapisIdCache() {
    String patientId = client.create().resource(new Patient()).execute().getId().getIdPart();
    String otherId = client.create().resource(new Patient()).execute().getId().getIdPart();
    String observationOfOther = observationAbout("Patient/" + otherId);
    assertThat(ids(fhirGet("Observation?patient=" + patientId))).isEmpty();

    // Point the cached identity of the first patient at the second one: a search that consults the cache
    // (rather than the database) now finds the second patient's observation.
    JpaPid otherPid = JpaPid.fromId(Long.parseLong(otherId));
    JpaResourceLookup lookup =
        new JpaResourceLookup("Patient", otherId, otherPid, null, PartitionablePartitionId.with(null, null));
    for (RequestPartitionId partition :
        List.of(RequestPartitionId.allPartitions(), RequestPartitionId.defaultPartition())) {
      memoryCache.put(CacheEnum.RESOURCE_LOOKUP_BY_FORCED_ID, new ForcedIdCacheKey("Patient", patientId, partition),
          List.of(lookup));
    }
    try {
      assertThat(ids(fhirGet("Observation?patient=" + patientId))).containsExactly(observationOfOther);
    } finally {
      memoryCache.invalidateCaches(CacheEnum.RESOURCE_LOOKUP_BY_FORCED_ID);
    }
    assertThat(ids(fhirGet("Observation?patient=" + patientId))).isEmpty();
  }

  private String observationAbout(String subject) {
    Observation observation = new Observation();
    observation.setStatus(Observation.ObservationStatus.FINAL);
    observation.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
    observation.setSubject(new Reference(subject));
    return client.create().resource(observation).execute().getId().toUnqualifiedVersionless().getValue();
  }

  private Bundle fhirGet(String query) {
    return client.search().byUrl(query).returnBundle(Bundle.class).execute();
  }

  private static List<String> ids(Bundle bundle) {
    return bundle.getEntry().stream()
        .map(e -> new IdType(e.getResource().getIdElement().getValue()).toUnqualifiedVersionless().getValue())
        .toList();
  }
}
