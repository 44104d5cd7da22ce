package org.neurofhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.dao.ResourceHistoryCalculator;
import ca.uhn.fhir.jpa.dao.SecondPassOnlyHistoryCalculator;
import ca.uhn.fhir.rest.gclient.IQuery;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import ca.uhn.fhir.rest.api.MethodOutcome;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Resources created inside transaction and batch bundles skip HAPI's discarded first-pass indexing and encoding
 * ({@link TransactionCreatesIndexedOnce}): they must come out exactly as a single create stores them: readable,
 * found by every kind of index, one version whose stored hash matches its body.
 */
class TransactionCreatesIndexedOnceTest extends ServerTestBase {

  private static final String IDS = "http://example.org/ids";

  @Autowired ResourceHistoryCalculator historyCalculator;

  @Test
  void serverUsesTheSecondPassOnlyCalculator() {
    assertThat(historyCalculator).isInstanceOf(SecondPassOnlyHistoryCalculator.class);
  }

  @Test
  void transactionCreatesAreStoredAndIndexedCompletely() {
    String tag = unique("Once");
    Practitioner doctor = new Practitioner();
    doctor.addIdentifier().setSystem(IDS).setValue(tag + "-dr");
    String doctorId = client.create().resource(doctor).execute().getId().toUnqualifiedVersionless().getValue();

    Bundle response = client.transaction().withBundle(record(tag)).execute();
    assertThat(response.getEntry()).extracting(e -> e.getResponse().getStatus()).allMatch(s -> s.startsWith("201"));
    String patientId = idAt(response, 0);
    String observationId = idAt(response, 1);
    String encounterId = idAt(response, 2);
    assertThat(idAt(response, 3)).isEqualTo("Organization/" + tag);

    Observation observation = client.read().resource(Observation.class).withUrl(observationId).execute();
    assertThat(observation.getSubject().getReference()).isEqualTo(patientId);
    assertThat(observation.getEncounter().getReference()).isEqualTo(encounterId);
    assertThat(observation.getPerformerFirstRep().getReference()).isEqualTo(doctorId);
    assertThat(observation.getValueQuantity().getValue()).isEqualByComparingTo("72");
    assertThat(observation.getContained()).hasSize(1);
    assertThat(observation.getDevice().getReference()).startsWith("#");
    assertThat(observation.getMeta().getVersionId()).isEqualTo("1");

    // string, date, token, reference, quantity, chained, _revinclude and _id indexes all written
    assertThat(count(client.search().forResource(Patient.class).where(Patient.FAMILY.matchesExactly().value(tag))
        .and(Patient.BIRTHDATE.exactly().day("1970-01-02")))).isEqualTo(1);
    assertThat(count(client.search().forResource(Patient.class)
        .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(IDS, tag)))).isEqualTo(1);
    assertThat(count(client.search().forResource(Observation.class)
        .where(Observation.SUBJECT.hasId(patientId))
        .and(Observation.CODE.exactly().systemAndCode("http://loinc.org", "8867-4"))
        .and(Observation.DATE.exactly().day("2026-01-02"))
        .and(Observation.VALUE_QUANTITY.withPrefix(ParamPrefixEnum.EQUAL).number(72)
            .andUnits("http://unitsofmeasure.org", "/min")))).isEqualTo(1);
    assertThat(count(client.search().forResource(Observation.class)
        .where(Observation.PERFORMER.hasId(doctorId)).and(Observation.ENCOUNTER.hasId(encounterId)))).isEqualTo(1);
    assertThat(count(client.search().forResource(Observation.class)
        .where(Observation.SUBJECT.hasChainedProperty(Patient.FAMILY.matchesExactly().value(tag))))).isEqualTo(1);
    assertThat(client.search().forResource(Patient.class).where(Patient.FAMILY.matchesExactly().value(tag))
        .revInclude(Observation.INCLUDE_SUBJECT).returnBundle(Bundle.class).execute().getEntry()).hasSize(2);
    assertThat(count(client.search().forResource(Encounter.class)
        .where(Encounter.IDENTIFIER.exactly().systemAndIdentifier(IDS, tag + "-enc"))
        .and(Encounter.SUBJECT.hasId(patientId)))).isEqualTo(1);
    assertThat(count(client.search().forResource(Organization.class)
        .where(Organization.NAME.matchesExactly().value(tag + " clinic")))).isEqualTo(1);

    // one version each, and the stored hash is the body's: re-sending the body unchanged is not a new version
    for (String id : List.of(patientId, observationId, encounterId, "Organization/" + tag)) {
      assertThat(client.history().onInstance(new IdType(id)).returnBundle(Bundle.class).execute().getEntry())
          .as(id).hasSize(1);
      IBaseResource stored = client.read().resource(id.split("/")[0]).withUrl(id).execute();
      MethodOutcome resent = client.update().resource(stored).execute();
      assertThat(resent.getId().getVersionIdPart()).as(id).isEqualTo("1");
    }

    // the conditional create matches the stored Encounter when the record is sent again
    Bundle again = client.transaction().withBundle(record(tag)).execute();
    assertThat(again.getEntry().get(2).getResponse().getStatus()).startsWith("200");
    assertThat(idAt(again, 2)).isEqualTo(encounterId);
  }

  @Test
  void batchCreatesAreStoredAndIndexedCompletely() {
    String tag = unique("OnceBatch");
    Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
    Patient patient = new Patient();
    patient.addName().setFamily(tag);
    batch.addEntry().setResource(patient).getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");

    Bundle response = client.transaction().withBundle(batch).execute();
    String patientId = idAt(response, 0);
    assertThat(count(client.search().forResource(Patient.class)
        .where(Patient.FAMILY.matchesExactly().value(tag)))).isEqualTo(1);
    Patient stored = client.read().resource(Patient.class).withUrl(patientId).execute();
    assertThat(client.update().resource(stored).execute().getId().getVersionIdPart()).isEqualTo("1");
  }

  private static Bundle record(String tag) {
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Patient patient = new Patient();
    patient.addIdentifier().setSystem(IDS).setValue(tag);
    patient.addName().setFamily(tag).addGiven("Ada");
    patient.setBirthDateElement(new DateType("1970-01-02"));
    add(tx, "urn:uuid:" + UUID.randomUUID(), patient, HTTPVerb.POST, "Patient", null);
    String patientUrn = tx.getEntry().get(0).getFullUrl();

    String encounterUrn = "urn:uuid:" + UUID.randomUUID();
    Observation observation = new Observation();
    observation.setStatus(Observation.ObservationStatus.FINAL);
    observation.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
    observation.setSubject(new Reference(patientUrn));
    observation.setEncounter(new Reference(encounterUrn));
    // an inline conditional reference, resolved by the pass that indexes
    observation.addPerformer(new Reference("Practitioner?identifier=" + IDS + "|" + tag + "-dr"));
    observation.setEffective(new DateTimeType("2026-01-02T10:00:00Z"));
    observation.setValue(new Quantity(72).setUnit("/min").setSystem("http://unitsofmeasure.org").setCode("/min"));
    Device pump = new Device();
    pump.setId("pump");
    pump.addDeviceName().setName("pulse oximeter").setType(Device.DeviceNameType.USERFRIENDLYNAME);
    observation.addContained(pump);
    observation.setDevice(new Reference("#pump"));
    add(tx, "urn:uuid:" + UUID.randomUUID(), observation, HTTPVerb.POST, "Observation", null);

    Encounter encounter = new Encounter();
    encounter.setStatus(Encounter.EncounterStatus.FINISHED);
    encounter.getClass_().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("AMB");
    encounter.addIdentifier().setSystem(IDS).setValue(tag + "-enc");
    encounter.setSubject(new Reference(patientUrn));
    add(tx, encounterUrn, encounter, HTTPVerb.POST, "Encounter", "identifier=" + IDS + "|" + tag + "-enc");

    Organization clinic = new Organization();
    clinic.setId(tag);
    clinic.setName(tag + " clinic");
    add(tx, "Organization/" + tag, clinic, HTTPVerb.PUT, "Organization/" + tag, null);
    return tx;
  }

  private static void add(Bundle tx, String fullUrl, Resource resource, HTTPVerb verb,
      String url, String ifNoneExist) {
    BundleEntryComponent entry = tx.addEntry().setFullUrl(fullUrl).setResource(resource);
    entry.getRequest().setMethod(verb).setUrl(url).setIfNoneExist(ifNoneExist);
  }

  private static String idAt(Bundle response, int index) {
    return new IdType(response.getEntry().get(index).getResponse().getLocation()).toUnqualifiedVersionless()
        .getValue();
  }

  private static int count(IQuery<?> query) {
    return query.returnBundle(Bundle.class).execute().getEntry().size();
  }
}
