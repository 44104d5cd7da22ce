package org.neurofhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;

class BundleInteractionsTest extends ServerTestBase {

  @Test
  void transactionResolvesPlaceholderReferences() {
    String family = unique("Tx");
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Patient p = new Patient();
    p.addName().setFamily(family);
    tx.addEntry().setFullUrl("urn:uuid:11111111-1111-1111-1111-111111111111").setResource(p)
        .getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
    o.setSubject(new Reference("urn:uuid:11111111-1111-1111-1111-111111111111"));
    o.setValue(new Quantity(72).setUnit("/min"));
    tx.addEntry().setResource(o).getRequest().setMethod(HTTPVerb.POST).setUrl("Observation");

    Bundle response = client.transaction().withBundle(tx).execute();
    assertThat(response.getEntry()).hasSize(2);
    assertThat(response.getEntry()).allMatch(e -> e.getResponse().getStatus().startsWith("201"));

    String patientId = response.getEntry().get(0).getResponse().getLocation().split("/_history")[0];
    Observation stored = client.read().resource(Observation.class)
        .withUrl(response.getEntry().get(1).getResponse().getLocation()).execute();
    assertThat(stored.getSubject().getReference()).isEqualTo(patientId);
  }

  @Test
  void failedTransactionStoresNothing() {
    String family = unique("TxFail");
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Patient p = new Patient();
    p.addName().setFamily(family);
    tx.addEntry().setResource(p).getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().setText("bad ref");
    o.setSubject(new Reference("Patient/does-not-exist-" + family));
    tx.addEntry().setResource(o).getRequest().setMethod(HTTPVerb.POST).setUrl("Observation");

    assertThatThrownBy(() -> client.transaction().withBundle(tx).execute())
        .isInstanceOf(BaseServerResponseException.class)
        .satisfies(e -> assertThat(((BaseServerResponseException) e).getStatusCode()).isBetween(400, 499));
    Bundle found = client.search().forResource(Patient.class).where(Patient.FAMILY.matchesExactly().value(family))
        .returnBundle(Bundle.class).execute();
    assertThat(found.getEntry()).isEmpty();
  }

  @Test
  void batchProcessesEntriesIndependently() {
    String family = unique("Batch");
    Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
    Patient p = new Patient();
    p.addName().setFamily(family);
    batch.addEntry().setResource(p).getRequest().setMethod(HTTPVerb.POST).setUrl("Patient");
    batch.addEntry().getRequest().setMethod(HTTPVerb.GET).setUrl("Patient/does-not-exist-" + family);

    Bundle response = client.transaction().withBundle(batch).execute();
    assertThat(response.getType()).isEqualTo(Bundle.BundleType.BATCHRESPONSE);
    assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("201");
    assertThat(response.getEntry().get(1).getResponse().getStatus()).startsWith("404");
  }

  @Test
  void transactionReferringToStoredResourcesById() {
    Patient p = new Patient();
    p.addName().setFamily(unique("TxById"));
    String patientId = client.create().resource(p).execute().getId().toUnqualifiedVersionless().getValue();
    org.hl7.fhir.r4.model.Encounter e = new org.hl7.fhir.r4.model.Encounter();
    e.setStatus(org.hl7.fhir.r4.model.Encounter.EncounterStatus.FINISHED);
    e.getClass_().setCode("AMB");
    String encounterId = client.create().resource(e).execute().getId().toUnqualifiedVersionless().getValue();

    // Two stored targets: HAPI resolves them in one lookup of several ids (rewritten on H2, H2IdLookupRewrite).
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
    o.setSubject(new Reference(patientId));
    o.setEncounter(new Reference(encounterId));
    tx.addEntry().setResource(o).getRequest().setMethod(HTTPVerb.POST).setUrl("Observation");
    Bundle response = client.transaction().withBundle(tx).execute();

    Observation stored = client.read().resource(Observation.class)
        .withUrl(response.getEntry().get(0).getResponse().getLocation()).execute();
    assertThat(stored.getSubject().getReference()).isEqualTo(patientId);
    assertThat(stored.getEncounter().getReference()).isEqualTo(encounterId);

    Bundle missing = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Observation dangling = o.copy();
    dangling.setEncounter(new Reference("Encounter/" + unique("gone")));
    missing.addEntry().setResource(dangling).getRequest().setMethod(HTTPVerb.POST).setUrl("Observation");
    assertThatThrownBy(() -> client.transaction().withBundle(missing).execute())
        .isInstanceOf(BaseServerResponseException.class)
        .satisfies(ex -> assertThat(((BaseServerResponseException) ex).getStatusCode()).isBetween(400, 499));
  }
}
