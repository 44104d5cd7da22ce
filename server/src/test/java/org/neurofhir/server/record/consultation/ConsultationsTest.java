package org.neurofhir.server.record.consultation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.math.BigDecimal;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseStatus;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;

/** A consultation over HTTP as the doctor: Encounter status flow, the shipped forms checked on write, $extract. */
class ConsultationsTest extends ServerTestBase {

  private static final String CONSULTATION = "https://neurofhir.org/fhir/Questionnaire/neuro-oncology-consultation";
  private static final String FOLLOW_UP = "https://neurofhir.org/fhir/Questionnaire/neuro-oncology-follow-up";
  private static final String KPS = "https://neurofhir.org/fhir/CodeSystem/karnofsky-performance-status";
  private static final String TAG = "https://neurofhir.org/fhir/sid/test-form";

  private String patient;
  private String tag;

  @BeforeEach
  void newPatient() {
    Patient p = new Patient();
    p.addName().setFamily(unique("Consult")).addGiven("Test");
    patient = client.create().resource(p).execute().getId().toUnqualifiedVersionless().getValue();
    tag = unique("f");
  }

  private IGenericClient doctor() {
    return clientWithToken(tokenFor("doctor"));
  }

  private static QuestionnaireResponseItemComponent answer(String linkId, Type value) {
    QuestionnaireResponseItemComponent item = new QuestionnaireResponseItemComponent().setLinkId(linkId);
    item.addAnswer().setValue(value);
    return item;
  }

  private QuestionnaireResponse consultation(String encounter) {
    QuestionnaireResponse r = new QuestionnaireResponse();
    r.getMeta().addTag(TAG, tag, null);
    r.setQuestionnaire(CONSULTATION).setStatus(QuestionnaireResponseStatus.COMPLETED);
    r.setSubject(new Reference(patient)).setAuthored(new Date());
    if (encounter != null) {
      r.setEncounter(new Reference(encounter));
    }
    r.addItem(answer("chief-complaint", new StringType("Morning headaches, word-finding difficulty")));
    r.addItem(answer("headache-severity", new IntegerType(6)));
    r.addItem(answer("seizures", new BooleanType(false)));
    QuestionnaireResponseItemComponent vitals = r.addItem().setLinkId("vitals");
    vitals.addItem(answer("weight", new DecimalType("72.5")));
    vitals.addItem(answer("temperature", new DecimalType("37.2")));
    vitals.addItem(answer("heart-rate", new DecimalType("88")));
    r.addItem(answer("kps", new Coding(KPS, "80", "Normal activity with effort")));
    r.addItem(answer("notes", new StringType("Left frontal lesion on MR; discussed biopsy.")));
    return r;
  }

  private int formsStored() {
    return client.search().forResource(QuestionnaireResponse.class).withTag(TAG, tag).returnBundle(Bundle.class)
        .execute().getEntry().size();
  }

  private static String firstExpression(UnprocessableEntityException e) {
    return ((OperationOutcome) e.getOperationOutcome()).getIssueFirstRep().getExpression().get(0).getValue();
  }

  private void refused(QuestionnaireResponse r, String expression, String message) {
    assertThatThrownBy(() -> doctor().create().resource(r).execute())
        .isInstanceOfSatisfying(UnprocessableEntityException.class, e -> {
          if (expression != null) {
            assertThat(firstExpression(e)).isEqualTo(expression);
          }
          assertThat(e.getMessage()).contains(message);
        });
  }

  private Encounter encounter(EncounterStatus status) {
    Encounter e = new Encounter();
    e.setStatus(status);
    e.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
    e.setSubject(new Reference(patient));
    IdType id = (IdType) doctor().create().resource(e).execute().getId();
    return doctor().read().resource(Encounter.class).withId(id.toUnqualifiedVersionless()).execute();
  }

  private Encounter move(Encounter e, EncounterStatus to) {
    e.setStatus(to);
    doctor().update().resource(e).execute();
    return doctor().read().resource(Encounter.class).withId(e.getIdElement().toUnqualifiedVersionless()).execute();
  }

  @Test
  void theShippedFormsAreStoredAtStartUp() {
    for (String url : List.of(CONSULTATION, FOLLOW_UP)) {
      Bundle found = doctor().search().forResource(Questionnaire.class).where(Questionnaire.URL.matches().value(url))
          .returnBundle(Bundle.class).execute();
      assertThat(found.getEntry()).as(url).hasSize(1);
    }
  }

  @Test
  void aConsultationRunsFromPlannedToFinishedWithFormVitalsAndDiagnosis() {
    Encounter visit = encounter(EncounterStatus.PLANNED);
    visit = move(visit, EncounterStatus.INPROGRESS);
    String encounter = visit.getIdElement().toUnqualifiedVersionless().getValue();

    IdType form = (IdType) doctor().create().resource(consultation(encounter)).execute().getId();
    Bundle extracted = doctor().operation().onInstance(form.toUnqualifiedVersionless()).named("$extract")
        .withNoParameters(Parameters.class).returnResourceType(Bundle.class).useHttpGet().execute();
    assertThat(extracted.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
    List<Observation> observations = extracted.getEntry().stream().map(e -> (Observation) e.getResource()).toList();
    // chief complaint, headache, three vitals, KPS; seizures and notes have no code
    assertThat(observations).extracting(o -> o.getCode().getCodingFirstRep().getCode())
        .containsExactlyInAnyOrder("10154-3", "72514-3", "29463-7", "8310-5", "8867-4", "89243-0");
    Observation weight = observations.stream().filter(o -> o.getCode().getCodingFirstRep().getCode().equals("29463-7"))
        .findFirst().orElseThrow();
    assertThat(weight.getMeta().getProfile().get(0).getValue()).isEqualTo("http://hl7.org/fhir/StructureDefinition/vitalsigns");
    assertThat(weight.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("vital-signs");
    assertThat(((Quantity) weight.getValue()).getValue()).isEqualByComparingTo(new BigDecimal("72.5"));
    assertThat(((Quantity) weight.getValue()).getCode()).isEqualTo("kg");
    assertThat(weight.getEncounter().getReference()).isEqualTo(encounter);
    assertThat(weight.getDerivedFromFirstRep().getReference()).isEqualTo("QuestionnaireResponse/" + form.getIdPart());

    // the client stores them (SDC: $extract returns, the client posts); the vital-signs profile is enforced on write
    Bundle stored = doctor().transaction().withBundle(extracted).execute();
    assertThat(stored.getEntry()).hasSize(6).allMatch(e -> e.getResponse().getStatus().startsWith("201"));
    Bundle vitals = doctor().search().forResource(Observation.class)
        .where(Observation.ENCOUNTER.hasId(encounter)).and(Observation.CATEGORY.exactly().code("vital-signs"))
        .returnBundle(Bundle.class).execute();
    assertThat(vitals.getEntry()).hasSize(3);

    Condition diagnosis = new Condition();
    diagnosis.setSubject(new Reference(patient)).setEncounter(new Reference(encounter));
    diagnosis.setCode(new CodeableConcept().addCoding(new Coding("http://snomed.info/sct", "393563007", "Glioblastoma multiforme")));
    String condition = doctor().create().resource(diagnosis).execute().getId().toUnqualifiedVersionless().getValue();
    visit.addDiagnosis().setCondition(new Reference(condition));
    visit.addReasonCode().setText("Morning headaches, word-finding difficulty");
    visit = move(visit, EncounterStatus.FINISHED);
    assertThat(visit.getDiagnosisFirstRep().getCondition().getReference()).isEqualTo(condition);

    // a finished consultation is not reopened
    Encounter finished = visit;
    assertThatThrownBy(() -> move(finished, EncounterStatus.INPROGRESS))
        .isInstanceOfSatisfying(UnprocessableEntityException.class,
            e -> assertThat(firstExpression(e)).isEqualTo("Encounter.status"));
    assertThat(doctor().read().resource(Encounter.class).withId(finished.getIdElement().toUnqualifiedVersionless())
        .execute().getStatus()).isEqualTo(EncounterStatus.FINISHED);
  }

  @Test
  void aPlannedConsultationCannotBeFinishedWithoutHappening() {
    Encounter planned = encounter(EncounterStatus.PLANNED);
    assertThatThrownBy(() -> move(planned, EncounterStatus.FINISHED)).isInstanceOf(UnprocessableEntityException.class)
        .hasMessageContaining("in-progress");
    Encounter cancelled = move(encounter(EncounterStatus.PLANNED), EncounterStatus.CANCELLED);
    assertThat(move(cancelled, EncounterStatus.ENTEREDINERROR).getStatus()).isEqualTo(EncounterStatus.ENTEREDINERROR);
  }

  @Test
  void answersToAnUnknownFormAreRefused() {
    refused(consultation(null).setQuestionnaire("https://neurofhir.org/fhir/Questionnaire/no-such-form"),
        "QuestionnaireResponse.questionnaire", "no-such-form");
    refused(consultation(null).setQuestionnaire(null), "QuestionnaireResponse.questionnaire", "Questionnaire");
    assertThat(formsStored()).isZero();
  }

  @Test
  void answersThatDoNotFitTheFormAreRefusedAndNothingStored() {
    QuestionnaireResponse wrongType = consultation(null);
    wrongType.getItem().get(1).getAnswerFirstRep().setValue(new StringType("six"));
    refused(wrongType, "QuestionnaireResponse.item[1].answer[0].value", "type integer");

    QuestionnaireResponse notAnOption = consultation(null);
    notAnOption.getItem().get(4).getAnswerFirstRep().setValue(new Coding(KPS, "85", null));
    refused(notAnOption, "QuestionnaireResponse.item[4].answer[0].value", "not one of the answer options");

    QuestionnaireResponse outOfRange = consultation(null);
    outOfRange.getItem().get(1).getAnswerFirstRep().setValue(new IntegerType(11));
    refused(outOfRange, null, "outside 0..10");

    QuestionnaireResponse nested = consultation(null);
    nested.getItem().get(3).getItem().get(0).getAnswerFirstRep().setValue(new StringType("72 kg"));
    refused(nested, "QuestionnaireResponse.item[3].item[0].answer[0].value", "decimal");

    QuestionnaireResponse unknownItem = consultation(null);
    unknownItem.addItem(answer("favourite-colour", new StringType("blue")));
    refused(unknownItem, "QuestionnaireResponse.item[6].linkId", "favourite-colour");

    QuestionnaireResponse twoAnswers = consultation(null);
    twoAnswers.getItem().get(2).addAnswer().setValue(new BooleanType(true));
    refused(twoAnswers, null, "one answer");

    QuestionnaireResponse missingRequired = consultation(null);
    missingRequired.getItem().remove(0);
    refused(missingRequired, null, "chief-complaint");

    // the same in a transaction: nothing of it stored
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    tx.addEntry().setResource(consultation(null)).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("QuestionnaireResponse");
    tx.addEntry().setResource(wrongType).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("QuestionnaireResponse");
    assertThatThrownBy(() -> doctor().transaction().withBundle(tx).execute()).isInstanceOf(UnprocessableEntityException.class);
    assertThat(formsStored()).isZero();
  }

  @Test
  void aDraftMayLeaveRequiredItemsOpenAndFreeTextFitsAnOpenChoice() {
    QuestionnaireResponse draft = consultation(null).setStatus(QuestionnaireResponseStatus.INPROGRESS);
    draft.getItem().remove(0);
    IdType id = (IdType) doctor().create().resource(draft).execute().getId();
    // completing it without the required answer is refused
    QuestionnaireResponse completed = doctor().read().resource(QuestionnaireResponse.class).withId(id.toUnqualifiedVersionless()).execute();
    completed.setStatus(QuestionnaireResponseStatus.COMPLETED);
    assertThatThrownBy(() -> doctor().update().resource(completed).execute()).isInstanceOf(UnprocessableEntityException.class);

    QuestionnaireResponse followUp = new QuestionnaireResponse();
    followUp.getMeta().addTag(TAG, tag, null);
    followUp.setQuestionnaire(FOLLOW_UP).setStatus(QuestionnaireResponseStatus.COMPLETED).setSubject(new Reference(patient));
    followUp.addItem(answer("change", new Coding("http://snomed.info/sct", "260388006", "No status change")));
    followUp.addItem(answer("seizures", new BooleanType(false)));
    QuestionnaireResponseItemComponent sideEffects = answer("side-effects", new Coding("http://snomed.info/sct", "84229001", "Fatigue"));
    sideEffects.addAnswer().setValue(new StringType("metallic taste"));
    followUp.addItem(sideEffects);
    followUp.addItem(answer("kps", new Coding(KPS, "90", null)));
    doctor().create().resource(followUp).execute();
    assertThat(formsStored()).isEqualTo(2);
  }

  @Test
  void extractTakesAnUnstoredResponseButRefusesOneThatDoesNotFit() {
    Parameters in = new Parameters();
    in.addParameter().setName("questionnaire-response").setResource(consultation(null));
    Bundle out = doctor().operation().onType(QuestionnaireResponse.class).named("$extract").withParameters(in)
        .returnResourceType(Bundle.class).execute();
    assertThat(out.getEntry()).hasSize(6);
    assertThat(out.getEntry()).allMatch(e -> !((Observation) e.getResource()).hasDerivedFrom());

    QuestionnaireResponse bad = consultation(null);
    bad.getItem().get(1).getAnswerFirstRep().setValue(new StringType("six"));
    Parameters badIn = new Parameters();
    badIn.addParameter().setName("questionnaire-response").setResource(bad);
    assertThatThrownBy(() -> doctor().operation().onType(QuestionnaireResponse.class).named("$extract")
        .withParameters(badIn).returnResourceType(Bundle.class).execute()).isInstanceOf(UnprocessableEntityException.class);
  }

  @Test
  void aPatientMayNotExtract() {
    IdType form = (IdType) doctor().create().resource(consultation(null)).execute().getId();
    assertThatThrownBy(() -> clientWithToken(patientToken(new IdType(patient).getIdPart())).operation()
        .onInstance(form.toUnqualifiedVersionless()).named("$extract").withNoParameters(Parameters.class)
        .returnResourceType(Bundle.class).useHttpGet().execute()).isInstanceOf(ForbiddenOperationException.class);
  }
}
