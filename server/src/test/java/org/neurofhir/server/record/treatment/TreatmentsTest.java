package org.neurofhir.server.record.treatment;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.PreferReturnEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.math.BigDecimal;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;

/** Treatments over HTTP as the doctor: dose warnings against the shipped limits, and $everything. */
class TreatmentsTest extends ServerTestBase {

  private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

  private String patient;

  @BeforeEach
  void newPatient() {
    Patient p = new Patient();
    p.addName().setFamily(unique("Treat")).addGiven("Test");
    patient = client.create().resource(p).execute().getId().toUnqualifiedVersionless().getValue();
  }

  private IGenericClient doctor() {
    return clientWithToken(tokenFor("doctor"));
  }

  private static Dosage mg(double dose) {
    Dosage d = new Dosage().setText(dose + " mg");
    d.addDoseAndRate().setDose(new Quantity().setValue(BigDecimal.valueOf(dose)).setUnit("mg")
        .setSystem("http://unitsofmeasure.org").setCode("mg"));
    return d;
  }

  private MedicationRequest request(String code, String display, double dose) {
    MedicationRequest mr = new MedicationRequest();
    mr.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE).setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
    mr.setMedication(new CodeableConcept().addCoding(new Coding(RXNORM, code, display)));
    mr.setSubject(new Reference(patient));
    mr.addDosageInstruction(mg(dose));
    return mr;
  }

  private static List<OperationOutcome.OperationOutcomeIssueComponent> warnings(MethodOutcome out) {
    return ((OperationOutcome) out.getOperationOutcome()).getIssue().stream()
        .filter(i -> i.getSeverity() == OperationOutcome.IssueSeverity.WARNING).toList();
  }

  @Test
  void aDoseAboveTheLimitIsStoredWithAWarning() {
    MethodOutcome tenfold = doctor().create().resource(request("3264", "dexamethasone", 400))
        .prefer(PreferReturnEnum.OPERATION_OUTCOME).execute();
    assertThat(tenfold.getId()).isNotNull();
    assertThat(warnings(tenfold)).singleElement().satisfies(w -> {
      assertThat(w.getDiagnostics()).contains("400").contains("dexamethasone").contains("40");
      assertThat(w.getExpression().get(0).getValue()).isEqualTo("MedicationRequest.dosageInstruction[0].doseAndRate[0].doseQuantity");
    });
    assertThat(doctor().read().resource(MedicationRequest.class).withId(tenfold.getId().toUnqualifiedVersionless())
        .execute().getDosageInstructionFirstRep().getDoseAndRateFirstRep().getDoseQuantity().getValue())
        .isEqualByComparingTo("400");

    MethodOutcome usual = doctor().create().resource(request("37776", "temozolomide", 150))
        .prefer(PreferReturnEnum.OPERATION_OUTCOME).execute();
    assertThat(warnings(usual)).isEmpty();

    MedicationStatement taking = new MedicationStatement();
    taking.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
    taking.setMedication(new CodeableConcept().addCoding(new Coding(RXNORM, "114477", "levetiracetam")));
    taking.setSubject(new Reference(patient));
    taking.addDosage(mg(5000));
    assertThat(warnings(doctor().create().resource(taking).prefer(PreferReturnEnum.OPERATION_OUTCOME).execute()))
        .singleElement().satisfies(w -> assertThat(w.getExpression().get(0).getValue())
            .isEqualTo("MedicationStatement.dosage[0].doseAndRate[0].doseQuantity"));
  }

  @Test
  void theActiveTreatmentsAreInThePatientsEverything() {
    doctor().create().resource(request("37776", "temozolomide", 150)).execute();
    doctor().create().resource(request("114477", "levetiracetam", 500)).execute();
    Bundle everything = doctor().operation().onInstance(patient).named("$everything").withNoParameters(Parameters.class)
        .returnResourceType(Bundle.class).useHttpGet().execute();
    List<String> medications = everything.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(r -> r instanceof MedicationRequest).map(r -> ((MedicationRequest) r).getMedicationCodeableConcept()
            .getCodingFirstRep().getCode()).toList();
    assertThat(medications).containsExactlyInAnyOrder("37776", "114477");
  }

  @Test
  void theMedicationValueSetIsShipped() {
    Bundle found = doctor().search().forResource(ValueSet.class)
        .where(ValueSet.URL.matches().value("https://neurofhir.org/fhir/ValueSet/neuro-oncology-medications"))
        .returnBundle(Bundle.class).execute();
    IBaseResource vs = found.getEntryFirstRep().getResource();
    assertThat(((ValueSet) vs).getCompose().getIncludeFirstRep().getConcept())
        .extracting(ValueSet.ConceptReferenceComponent::getDisplay).contains("temozolomide", "dexamethasone", "levetiracetam");
  }
}
