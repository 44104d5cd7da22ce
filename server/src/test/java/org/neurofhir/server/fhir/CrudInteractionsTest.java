package org.neurofhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.PatchTypeEnum;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Date;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;

class CrudInteractionsTest extends ServerTestBase {

  private Patient patient(String family) {
    Patient p = new Patient();
    p.addName().setFamily(family).addGiven("Ann");
    p.setGender(AdministrativeGender.FEMALE);
    return p;
  }

  @Test
  void createsReadsAndVersionReadsAPatient() {
    String family = unique("Crud");
    IIdType id = client.create().resource(patient(family)).execute().getId();
    assertThat(id.getVersionIdPart()).isEqualTo("1");

    Patient read = client.read().resource(Patient.class).withId(id.toUnqualifiedVersionless()).execute();
    assertThat(read.getNameFirstRep().getFamily()).isEqualTo(family);

    read.setBirthDate(new Date(0));
    IIdType v2 = client.update().resource(read).execute().getId();
    assertThat(v2.getVersionIdPart()).isEqualTo("2");

    Patient v1 = client.read().resource(Patient.class).withId(id.toUnqualifiedVersionless().withVersion("1")).execute();
    assertThat(v1.hasBirthDate()).isFalse();
  }

  @Test
  void patchesWithJsonPatchAndFhirPathPatch() {
    IIdType id = client.create().resource(patient(unique("Patch"))).execute().getId().toUnqualifiedVersionless();

    client.patch()
        .withBody("[{\"op\":\"replace\",\"path\":\"/gender\",\"value\":\"male\"}]")
        .withId(id)
        .execute();
    assertThat(client.read().resource(Patient.class).withId(id).execute().getGender())
        .isEqualTo(AdministrativeGender.MALE);

    Parameters fhirPathPatch = new Parameters();
    var op = fhirPathPatch.addParameter().setName("operation");
    op.addPart().setName("type").setValue(new org.hl7.fhir.r4.model.CodeType("replace"));
    op.addPart().setName("path").setValue(new StringType("Patient.gender"));
    op.addPart().setName("value").setValue(new org.hl7.fhir.r4.model.CodeType("other"));
    client.patch().withFhirPatch(fhirPathPatch).withId(id).execute();
    assertThat(client.read().resource(Patient.class).withId(id).execute().getGender())
        .isEqualTo(AdministrativeGender.OTHER);
  }

  @Test
  void deletedResourceIsGoneButKeepsHistory() {
    IIdType id = client.create().resource(patient(unique("Del"))).execute().getId().toUnqualifiedVersionless();
    client.delete().resourceById(id).execute();

    assertThatThrownBy(() -> client.read().resource(Patient.class).withId(id).execute())
        .isInstanceOf(ResourceGoneException.class);
    Bundle history = client.history().onInstance(id).returnBundle(Bundle.class).execute();
    assertThat(history.getEntry()).hasSize(2);
  }

  @Test
  void historyAtInstanceTypeAndSystemLevel() {
    String family = unique("Hist");
    IIdType id = client.create().resource(patient(family)).execute().getId().toUnqualifiedVersionless();
    Patient p = client.read().resource(Patient.class).withId(id).execute();
    p.setActive(true);
    client.update().resource(p).execute();

    assertThat(client.history().onInstance(id).returnBundle(Bundle.class).execute().getEntry()).hasSize(2);
    Bundle typeHistory = client.history().onType(Patient.class).returnBundle(Bundle.class).count(500).execute();
    assertThat(typeHistory.getEntry()).anyMatch(e -> e.getResource().getIdElement().getIdPart().equals(id.getIdPart()));
    Bundle systemHistory = client.history().onServer().returnBundle(Bundle.class).count(5).execute();
    assertThat(systemHistory.getType()).isEqualTo(Bundle.BundleType.HISTORY);
    assertThat(systemHistory.getEntry()).isNotEmpty();
  }

  @Test
  void conditionalCreateDoesNotDuplicate() {
    String mrn = unique("MRN");
    Patient p = patient(unique("Cond"));
    p.addIdentifier().setSystem("urn:test:mrn").setValue(mrn);

    MethodOutcome first = client.create().resource(p).conditionalByUrl("Patient?identifier=urn:test:mrn|" + mrn).execute();
    MethodOutcome second = client.create().resource(p).conditionalByUrl("Patient?identifier=urn:test:mrn|" + mrn).execute();
    assertThat(first.getCreated()).isTrue();
    assertThat(second.getCreated()).isNotEqualTo(Boolean.TRUE);
    assertThat(second.getId().getIdPart()).isEqualTo(first.getId().getIdPart());
  }

  @Test
  void conditionalUpdateCreatesThenUpdates() {
    String mrn = unique("MRN");
    Patient p = patient(unique("CondUpd"));
    p.addIdentifier().setSystem("urn:test:mrn").setValue(mrn);
    String match = "Patient?identifier=urn:test:mrn|" + mrn;

    MethodOutcome created = client.update().resource(p).conditionalByUrl(match).execute();
    p.setActive(false);
    MethodOutcome updated = client.update().resource(p).conditionalByUrl(match).execute();
    assertThat(updated.getId().getIdPart()).isEqualTo(created.getId().getIdPart());
    assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");
  }

  @Test
  void conditionalDeleteRemovesMatches() {
    String mrn = unique("MRN");
    Patient p = patient(unique("CondDel"));
    p.addIdentifier().setSystem("urn:test:mrn").setValue(mrn);
    IIdType id = client.create().resource(p).execute().getId().toUnqualifiedVersionless();

    client.delete().resourceConditionalByUrl("Patient?identifier=urn:test:mrn|" + mrn).execute();
    assertThatThrownBy(() -> client.read().resource(Patient.class).withId(id).execute())
        .isInstanceOf(ResourceGoneException.class);
  }

  @Test
  void versionAwareUpdateRejectsStaleVersion() throws Exception {
    IIdType id = client.create().resource(patient(unique("Etag"))).execute().getId().toUnqualifiedVersionless();
    Patient current = client.read().resource(Patient.class).withId(id).execute();
    current.setActive(true);
    client.update().resource(current).execute(); // now at version 2

    current.setActive(false);
    String body = FHIR.newJsonParser().encodeResourceToString(current);
    HttpResponse<String> stale = http.send(
        put(id, body).header("If-Match", "W/\"1\"").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(stale.body()).contains("OperationOutcome");

    HttpResponse<String> fresh = http.send(
        put(id, body).header("If-Match", "W/\"2\"").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(fresh.statusCode()).isEqualTo(200);
    assertThat(fresh.headers().firstValue("ETag")).hasValue("W/\"3\"");
  }

  private HttpRequest.Builder put(IIdType id, String body) {
    return authorized(HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient/" + id.getIdPart())))
        .header("Content-Type", "application/fhir+json")
        .PUT(HttpRequest.BodyPublishers.ofString(body));
  }
}
