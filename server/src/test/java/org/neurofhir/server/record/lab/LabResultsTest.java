package org.neurofhir.server.record.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.server.support.ServerTestBase;

/** Lab results over HTTP as the doctor and the nurse: interpretation, default ranges, refusals, critical notices. */
class LabResultsTest extends ServerTestBase {

  private static final String LOINC = "http://loinc.org";
  private static final String UCUM = "http://unitsofmeasure.org";
  private static final String V3 = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
  private static final String TAG = "https://neurofhir.org/fhir/sid/test-lab-result";

  private IGenericClient doctor() {
    return clientWithToken(tokenFor("doctor"));
  }

  private String patient(AdministrativeGender gender, int age) {
    Patient p = new Patient();
    p.addName().setFamily(unique("Lab")).addGiven("Test");
    p.setGender(gender);
    p.setBirthDate(Date.from(LocalDate.now().minusYears(age).minusDays(10).atStartOfDay(ZoneId.systemDefault()).toInstant()));
    return client.create().resource(p).execute().getId().toUnqualifiedVersionless().getValue();
  }

  private static Observation result(String patient, String loinc, String unit, double value) {
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.addIdentifier().setSystem(TAG).setValue(unique("r"));
    o.addCategory(new CodeableConcept().addCoding(
        new Coding("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", null)));
    o.setCode(new CodeableConcept().addCoding(new Coding(LOINC, loinc, null)));
    o.setSubject(new Reference(patient));
    o.setValue(q(value, unit));
    return o;
  }

  private static Quantity q(double v, String unit) {
    return new Quantity().setValue(BigDecimal.valueOf(v)).setUnit(unit).setSystem(UCUM).setCode(unit);
  }

  private static void range(Observation o, double low, double high, String unit) {
    o.addReferenceRange().setLow(q(low, unit)).setHigh(q(high, unit));
  }

  private Observation store(IGenericClient as, Observation o) {
    IdType id = (IdType) as.create().resource(o).execute().getId();
    return client.read().resource(Observation.class).withId(id.toUnqualifiedVersionless()).execute();
  }

  private static List<String> interpretation(Observation o) {
    return o.getInterpretation().stream().flatMap(c -> c.getCoding().stream())
        .filter(c -> V3.equals(c.getSystem())).map(Coding::getCode).toList();
  }

  private List<Communication> alerts(String patient) {
    return client.search().forResource(Communication.class).where(Communication.SUBJECT.hasId(patient))
        .returnBundle(Bundle.class).execute().getEntry().stream().map(e -> (Communication) e.getResource()).toList();
  }

  private int storedWith(String identifier) {
    return client.search().forResource(Observation.class)
        .where(Observation.IDENTIFIER.exactly().systemAndCode(TAG, identifier)).returnBundle(Bundle.class).execute()
        .getEntry().size();
  }

  @Test
  void theSendersRangeGivesLowNormalAndHigh() {
    String p = patient(AdministrativeGender.MALE, 50);
    for (var c : List.of(new double[] {3.1, 0}, new double[] {4.2, 1}, new double[] {5.1, 1}, new double[] {5.6, 2})) {
      Observation o = result(p, "2823-3", "mmol/L", c[0]);
      range(o, 3.5, 5.1, "mmol/L");
      assertThat(interpretation(store(doctor(), o))).containsExactly(List.of("L", "N", "H").get((int) c[1]));
    }
    assertThat(alerts(p)).isEmpty();
  }

  @Test
  void aResultWithoutRangeGetsTheClinicDefaultForSexAndAge() {
    String woman = patient(AdministrativeGender.FEMALE, 40);
    String man = patient(AdministrativeGender.MALE, 40);
    Observation hers = store(doctor(), result(woman, "718-7", "g/dL", 13.0));
    Observation his = store(doctor(), result(man, "718-7", "g/dL", 13.0));
    assertThat(interpretation(hers)).containsExactly("N");
    assertThat(interpretation(his)).containsExactly("L");
    Observation.ObservationReferenceRangeComponent normal = his.getReferenceRange().stream()
        .filter(r -> r.getType().getCodingFirstRep().getCode().equals("normal")).findFirst().orElseThrow();
    assertThat(normal.getLow().getValue()).isEqualByComparingTo("13.5");
    assertThat(normal.getText()).contains("ObservationDefinition/lab-hemoglobin");
    assertThat(his.getReferenceRange()).anyMatch(r -> r.getType().getCoding().stream()
        .anyMatch(c -> NeuroFhirCanonical.CS_REFERENCE_RANGE_TYPE.equals(c.getSystem()) && c.getCode().equals("critical")));
    // a child's range, not the adult's
    Observation child = store(doctor(), result(patient(AdministrativeGender.MALE, 8), "718-7", "g/dL", 11.5));
    assertThat(interpretation(child)).containsExactly("N");
  }

  @Test
  void aResultInAnotherUnitThanTheDefaultsIsStoredAsSent() {
    Observation glucose = store(doctor(), result(patient(AdministrativeGender.MALE, 50), "2345-7", "mmol/L", 5.5));
    assertThat(glucose.getReferenceRange()).isEmpty();
    assertThat(glucose.getInterpretation()).isEmpty();
  }

  @Test
  void anInterpretationTheSenderGaveIsKept() {
    String p = patient(AdministrativeGender.FEMALE, 30);
    Observation o = result(p, "1988-5", "mg/L", 12);
    o.addInterpretation(new CodeableConcept().addCoding(new Coding(V3, "N", "Normal")));
    range(o, 0, 5, "mg/L");
    assertThat(interpretation(store(doctor(), o))).containsExactly("N");
  }

  @Test
  void aCriticalResultIsSentToTheOrderingDoctorOnce() {
    String p = patient(AdministrativeGender.MALE, 60);
    Practitioner dr = new Practitioner();
    dr.addName().setFamily(unique("Orderer"));
    String drId = client.create().resource(dr).execute().getId().toUnqualifiedVersionless().getValue();
    ServiceRequest order = new ServiceRequest();
    order.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE).setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
    order.setCode(new CodeableConcept().addCoding(new Coding(LOINC, "51990-0", "Basic metabolic panel - Blood")));
    order.setSubject(new Reference(p)).setRequester(new Reference(drId));
    String orderId = doctor().create().resource(order).execute().getId().toUnqualifiedVersionless().getValue();

    // the nurse enters it: she may not write Communications herself, the notice is the server's
    Observation k = result(p, "2823-3", "mmol/L", 6.9);
    k.addBasedOn(new Reference(orderId));
    Observation stored = store(clientWithToken(tokenFor("nurse")), k);
    assertThat(interpretation(stored)).containsExactly("HH");

    List<Communication> alerts = alerts(p);
    assertThat(alerts).hasSize(1);
    Communication alert = alerts.get(0);
    assertThat(alert.getRecipientFirstRep().getReference()).isEqualTo(drId);
    assertThat(alert.getAboutFirstRep().getReference()).isEqualTo(stored.getIdElement().toUnqualifiedVersionless().getValue());
    assertThat(alert.getPriority()).isEqualTo(Communication.CommunicationPriority.STAT);
    assertThat(alert.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("alert");
    assertThat(((StringType) alert.getPayloadFirstRep().getContent()).getValue()).contains("6.9").contains("HH");

    // re-sent with a correction, still critical: no second alert
    stored.setValue(q(7.0, "mmol/L"));
    stored.getInterpretation().clear();
    doctor().update().resource(stored).execute();
    assertThat(alerts(p)).hasSize(1);
  }

  @Test
  void aResultThatBecomesCriticalOnUpdateRaisesTheAlertThen() {
    String p = patient(AdministrativeGender.FEMALE, 45);
    Observation glucose = store(doctor(), result(p, "2345-7", "mg/dL", 90));
    assertThat(interpretation(glucose)).containsExactly("N");
    assertThat(alerts(p)).isEmpty();
    glucose.setValue(q(30, "mg/dL"));
    glucose.getInterpretation().clear();
    doctor().update().resource(glucose).execute();
    assertThat(interpretation(client.read().resource(Observation.class).withId(glucose.getIdElement().toVersionless()).execute()))
        .containsExactly("LL");
    assertThat(alerts(p)).hasSize(1).allMatch(c -> !c.hasRecipient());
  }

  @Test
  void aValueThatIsNotANumberBesideARangeIsRefusedAndNothingStored() {
    String p = patient(AdministrativeGender.MALE, 50);
    Observation o = result(p, "2823-3", "mmol/L", 1);
    o.setValue(new StringType("haemolysed"));
    range(o, 3.5, 5.1, "mmol/L");
    String id = o.getIdentifierFirstRep().getValue();
    assertThatThrownBy(() -> doctor().create().resource(o).execute())
        .isInstanceOfSatisfying(UnprocessableEntityException.class, e -> {
          OperationOutcome oo = (OperationOutcome) e.getOperationOutcome();
          assertThat(oo.getIssueFirstRep().getExpression().get(0).getValue()).isEqualTo("Observation.value[x]");
          assertThat(oo.getIssueFirstRep().getDiagnostics()).contains("string");
        });
    assertThat(storedWith(id)).isZero();

    // a string result without a range is a plain observation
    Observation free = result(p, "2823-3", "mmol/L", 1);
    free.setValue(new StringType("haemolysed"));
    assertThat(store(doctor(), free).getInterpretation()).isEmpty();
  }

  @Test
  void aValueInAnotherUnitThanItsRangeIsRefused() {
    Observation o = result(patient(AdministrativeGender.MALE, 50), "2345-7", "mmol/L", 5.5);
    range(o, 70, 99, "mg/dL");
    assertThatThrownBy(() -> doctor().create().resource(o).execute()).isInstanceOf(UnprocessableEntityException.class)
        .hasMessageContaining("mg/dL");
    assertThat(storedWith(o.getIdentifierFirstRep().getValue())).isZero();
  }

  @Test
  void transactionEntriesAreInterpretedAndOneBadResultStoresNone() {
    String p = patient(AdministrativeGender.FEMALE, 35);
    Observation sodium = result(p, "2951-2", "mmol/L", 150);
    Observation bad = result(p, "2823-3", "mmol/L", 1);
    bad.setValue(new CodeableConcept().setText("not done"));
    range(bad, 3.5, 5.1, "mmol/L");
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    tx.addEntry().setResource(sodium).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
    tx.addEntry().setResource(bad).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
    assertThatThrownBy(() -> doctor().transaction().withBundle(tx).execute()).isInstanceOf(UnprocessableEntityException.class);
    assertThat(storedWith(sodium.getIdentifierFirstRep().getValue())).isZero();

    tx.getEntry().remove(1);
    Observation potassiumLow = result(p, "2823-3", "mmol/L", 2.1);
    tx.addEntry().setResource(potassiumLow).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
    Bundle out = doctor().transaction().withBundle(tx).execute();
    Observation storedSodium = client.read().resource(Observation.class)
        .withId(new IdType(out.getEntry().get(0).getResponse().getLocation()).toUnqualifiedVersionless()).execute();
    assertThat(interpretation(storedSodium)).containsExactly("H");
    assertThat(alerts(p)).hasSize(1);
  }
}
