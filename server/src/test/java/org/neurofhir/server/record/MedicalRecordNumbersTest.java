package org.neurofhir.server.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.server.support.ServerTestBase;

/**
 * The secretary registers patients and the server numbers them: over HTTP as the secretary, on H2 and PostgreSQL,
 * including concurrent registrations (distinct numbers) and concurrent claims of one number (exactly one wins).
 */
class MedicalRecordNumbersTest extends ServerTestBase {

  private static final String MRN = NeuroFhirCanonical.IDENTIFIER_MEDICAL_RECORD_NUMBER;
  private static final String SHIPPED_PATTERN = "NF-\\d{4}-\\d{6,}";

  private IGenericClient secretary() {
    return clientWithToken(tokenFor("secretary"));
  }

  private static Patient patient(String family) {
    Patient p = new Patient();
    p.addName().setFamily(family).addGiven("Test");
    return p;
  }

  private static String mrnOf(Patient p) {
    List<Identifier> mrns = p.getIdentifier().stream().filter(i -> MRN.equals(i.getSystem())).toList();
    assertThat(mrns).hasSize(1);
    return mrns.get(0).getValue();
  }

  private Patient create(IGenericClient client, Patient p) {
    MethodOutcome out = client.create().resource(p).execute();
    return client.read().resource(Patient.class).withId(out.getId().toUnqualifiedVersionless()).execute();
  }

  private int withMrn(String value) {
    return client.search().forResource(Patient.class).where(Patient.IDENTIFIER.exactly().systemAndCode(MRN, value))
        .returnBundle(Bundle.class).execute().getEntry().size();
  }

  private int named(String family) {
    return client.search().forResource(Patient.class).where(Patient.FAMILY.matchesExactly().value(family))
        .returnBundle(Bundle.class).execute().getEntry().size();
  }

  @Test
  void aPatientRegisteredWithoutANumberGetsTheNextOneAndIsFoundByIt() {
    Patient stored = create(secretary(), patient(unique("Mrn")));
    String mrn = mrnOf(stored);
    assertThat(mrn).matches(SHIPPED_PATTERN).startsWith("NF-" + java.time.Year.now() + "-");
    assertThat(stored.getIdentifierFirstRep().getType().getCodingFirstRep().getCode()).isEqualTo("MR");
    assertThat(withMrn(mrn)).isEqualTo(1);
  }

  @Test
  void concurrentRegistrationsGetDistinctNumbers() throws Exception {
    IGenericClient secretary = secretary();
    String family = unique("Parallel");
    List<Callable<String>> jobs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      jobs.add(() -> mrnOf(create(secretary, patient(family))));
    }
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      Set<String> numbers = new HashSet<>();
      for (Future<String> f : pool.invokeAll(jobs)) {
        numbers.add(f.get());
      }
      assertThat(numbers).hasSize(200).allMatch(n -> n.matches(SHIPPED_PATTERN));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aNumberHeldByAnotherPatientIsRefusedAndNothingStored() {
    Patient first = create(secretary(), patient(unique("Holder")));
    String family = unique("Second");
    Patient second = patient(family);
    second.addIdentifier().setSystem(MRN).setValue(mrnOf(first));
    assertThatThrownBy(() -> secretary().create().resource(second).execute())
        .isInstanceOf(ResourceVersionConflictException.class).hasMessageContaining(mrnOf(first));
    assertThat(named(family)).isZero();

    // nor can an update take it
    Patient other = create(secretary(), patient(unique("Other")));
    other.getIdentifier().clear();
    other.addIdentifier().setSystem(MRN).setValue(mrnOf(first));
    assertThatThrownBy(() -> secretary().update().resource(other).execute())
        .isInstanceOf(ResourceVersionConflictException.class);
  }

  @Test
  void concurrentClaimsOfOneNumberLetExactlyOneWin() throws Exception {
    String number = unique("EHR-").replace("_", "-");
    String family = unique("Race");
    IGenericClient secretary = secretary();
    List<Callable<Integer>> jobs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      jobs.add(() -> {
        Patient p = patient(family);
        p.addIdentifier().setSystem(MRN).setValue(number);
        try {
          secretary.create().resource(p).execute();
          return 201;
        } catch (BaseServerResponseException e) {
          return e.getStatusCode();
        }
      });
    }
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(jobs)) {
        statuses.add(f.get());
      }
      assertThat(statuses).containsOnly(201, 409);
      assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(withMrn(number)).isEqualTo(1);
    assertThat(named(family)).isEqualTo(1);
  }

  @Test
  void anUpdateWithoutTheNumberKeepsItAndASecondNumberIsRefused() {
    Patient stored = create(secretary(), patient(unique("Keep")));
    String mrn = mrnOf(stored);
    Patient edited = patient(stored.getNameFirstRep().getFamily());
    edited.setId(stored.getIdElement().toUnqualifiedVersionless());
    edited.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE);
    secretary().update().resource(edited).execute();
    Patient reread = secretary().read().resource(Patient.class).withId(stored.getIdElement().getIdPart()).execute();
    assertThat(mrnOf(reread)).isEqualTo(mrn);

    reread.addIdentifier().setSystem(MRN).setValue(unique("Extra"));
    assertThatThrownBy(() -> secretary().update().resource(reread).execute())
        .isInstanceOf(UnprocessableEntityException.class);
  }

  @Test
  void aTransactionWithTwoPatientsOfOneNumberStoresNeither() {
    String number = unique("TX-").replace("_", "-");
    String family = unique("Twins");
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    for (int i = 0; i < 2; i++) {
      Patient p = patient(family);
      p.addIdentifier().setSystem(MRN).setValue(number);
      tx.addEntry().setResource(p).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
    }
    assertThatThrownBy(() -> secretary().transaction().withBundle(tx).execute())
        .isInstanceOf(ResourceVersionConflictException.class);
    assertThat(named(family)).isZero();
  }
}
