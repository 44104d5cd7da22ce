package org.neurofhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.SearchTotalModeEnum;
import ca.uhn.fhir.rest.api.SummaryEnum;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.UriType;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;

class SearchInteractionsTest extends ServerTestBase {

  @org.springframework.beans.factory.annotation.Autowired
  private org.springframework.jdbc.core.JdbcTemplate jdbc;

  @org.springframework.beans.factory.annotation.Autowired
  private jakarta.persistence.EntityManagerFactory entityManagerFactory;

  private String family;
  private IdType patientId;

  @BeforeEach
  void storePatientWithObservations() {
    family = unique("Search");
    Patient p = new Patient();
    p.addName().setFamily(family).addGiven("Maria");
    p.setGender(AdministrativeGender.FEMALE);
    patientId = (IdType) client.create().resource(p).execute().getId().toUnqualifiedVersionless();
    for (int i = 0; i < 5; i++) {
      Observation o = new Observation();
      o.setStatus(Observation.ObservationStatus.FINAL);
      o.getCode().addCoding().setSystem("http://loinc.org").setCode(i < 3 ? "8867-4" : "8310-5");
      o.setSubject(new Reference(patientId));
      o.setEffective(new DateTimeType("2024-01-0" + (i + 1)));
      o.setValue(new Quantity(60 + i));
      client.create().resource(o).execute();
    }
    Encounter e = new Encounter();
    e.setStatus(Encounter.EncounterStatus.FINISHED);
    e.setSubject(new Reference(patientId));
    client.create().resource(e).execute();
  }

  @Test
  void stringModifiersExactAndContains() {
    assertThat(count(client.search().byUrl("Patient?family:exact=" + family))).isEqualTo(1);
    assertThat(count(client.search().byUrl("Patient?family:exact=" + family.toLowerCase()))).isZero();
    assertThat(count(client.search().byUrl("Patient?family:contains=" + family.substring(3)))).isEqualTo(1);
    assertThat(count(client.search().byUrl("Patient?name=" + family.toLowerCase()))).isEqualTo(1);
  }

  @Test
  void tokenNotModifierAndDatePrefixes() {
    String subject = "subject=" + patientId.getValue();
    assertThat(count(client.search().byUrl("Observation?" + subject + "&code=http://loinc.org|8867-4"))).isEqualTo(3);
    assertThat(count(client.search().byUrl("Observation?" + subject + "&code:not=http://loinc.org|8867-4"))).isEqualTo(2);
    assertThat(count(client.search().byUrl("Observation?" + subject + "&date=ge2024-01-04"))).isEqualTo(2);
    assertThat(count(client.search().byUrl("Observation?" + subject + "&date=lt2024-01-02"))).isEqualTo(1);
  }

  /** A clinician repeating a search right after a new result was written must see it (no stale cached result set). */
  @Test
  void repeatedSearchSeesAWriteMadeJustBefore() {
    String url = "Observation?subject=" + patientId.getValue() + "&code=http://loinc.org|8867-4";
    assertThat(count(client.search().byUrl(url))).isEqualTo(3);
    Observation o = new Observation();
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
    o.setSubject(new Reference(patientId));
    o.setValue(new Quantity(99));
    client.create().resource(o).execute();
    assertThat(count(client.search().byUrl(url))).isEqualTo(4);
  }

  @Test
  void chainedParameter() {
    Bundle b = client.search().byUrl("Observation?subject:Patient.family=" + family + "&code=8867-4")
        .returnBundle(Bundle.class).execute();
    assertThat(b.getEntry()).hasSize(3);
  }

  @Test
  void includeAndRevinclude() {
    Bundle withPatient = client.search().byUrl("Observation?subject=" + patientId.getValue() + "&_include=Observation:subject")
        .returnBundle(Bundle.class).execute();
    assertThat(withPatient.getEntry()).anyMatch(e -> e.getResource() instanceof Patient
        && e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE);

    Bundle withObservations = client.search().byUrl("Patient?_id=" + patientId.getIdPart() + "&_revinclude=Observation:subject")
        .returnBundle(Bundle.class).execute();
    assertThat(withObservations.getEntry().stream().filter(e -> e.getResource() instanceof Observation)).hasSize(5);
  }

  @Test
  void sortAndPaging() {
    Bundle page1 = client.search().byUrl("Observation?subject=" + patientId.getValue() + "&_sort=-date&_count=2")
        .returnBundle(Bundle.class).totalMode(SearchTotalModeEnum.ACCURATE).execute();
    assertThat(page1.getTotal()).isEqualTo(5);
    assertThat(page1.getEntry()).hasSize(2);
    assertThat(effective(page1)).containsExactly("2024-01-05", "2024-01-04");
    assertThat(page1.getLink(Bundle.LINK_NEXT)).isNotNull();

    Bundle page2 = client.loadPage().next(page1).execute();
    assertThat(effective(page2)).containsExactly("2024-01-03", "2024-01-02");
    Bundle page3 = client.loadPage().next(page2).execute();
    assertThat(effective(page3)).containsExactly("2024-01-01");
    assertThat(page3.getLink(Bundle.LINK_NEXT)).isNull();
  }

  @Test
  void pagesWithoutSortAreStableAndStoreNoResultSet() {
    long storedSearches = jdbc.queryForObject("SELECT COUNT(*) FROM hfj_search", Long.class);
    Bundle page = client.search().byUrl("Observation?subject=" + patientId.getValue() + "&_count=2")
        .returnBundle(Bundle.class).execute();
    assertThat(page.getLink(Bundle.LINK_NEXT).getUrl()).contains("_offset=2");
    List<String> seen = new java.util.ArrayList<>();
    int pages = 0;
    while (true) {
      pages++;
      page.getEntry().forEach(e -> seen.add(e.getResource().getIdElement().getIdPart()));
      if (page.getLink(Bundle.LINK_NEXT) == null) {
        break;
      }
      page = client.loadPage().next(page).execute();
    }
    // every result once, in the order they were stored (the database id breaks the tie when there is no _sort)
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(5).doesNotHaveDuplicates()
        .isSortedAccordingTo(java.util.Comparator.comparingLong(Long::parseLong));
    assertThat(page.getTotal()).as("the last page knows the total").isEqualTo(5);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM hfj_search", Long.class)).isEqualTo(storedSearches);
  }

  /**
   * Pages are loaded with `pid in (...)` padded to a power of two (so Hibernate reuses its SQL): every page size
   * from 1 to 6 must still return each resource exactly once.
   */
  @Test
  void paddedResourceLoadsReturnEachResourceOnce() {
    assertThat(entityManagerFactory.unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class)
        .getSessionFactoryOptions().inClauseParameterPaddingEnabled()).isTrue();
    String url = "Observation?subject=" + patientId.getValue() + "&_sort=date";
    for (int size = 1; size <= 6; size++) {
      Bundle page = client.search().byUrl(url + "&_count=" + size).returnBundle(Bundle.class).execute();
      List<String> ids = page.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
      assertThat(ids).as("page of %s", size).hasSize(Math.min(size, 5)).doesNotHaveDuplicates();
      List<String> dates = page.getEntry().stream()
          .map(e -> ((Observation) e.getResource()).getEffectiveDateTimeType().getValueAsString()).toList();
      assertThat(dates).as("page of %s", size).isSorted();
    }
  }

  @Test
  void summaryCountAndElements() {
    Bundle counted = client.search().byUrl("Observation?subject=" + patientId.getValue())
        .summaryMode(SummaryEnum.COUNT).returnBundle(Bundle.class).execute();
    assertThat(counted.getTotal()).isEqualTo(5);
    assertThat(counted.getEntry()).isEmpty();

    Bundle elements = client.search().byUrl("Patient?_id=" + patientId.getIdPart())
        .elementsSubset("name").returnBundle(Bundle.class).execute();
    Patient p = (Patient) elements.getEntryFirstRep().getResource();
    assertThat(p.hasName()).isTrue();
    assertThat(p.hasGender()).isFalse();
  }

  @Test
  void encounterByPatientWithCount() {
    Bundle b = client.search().byUrl("Encounter?patient=" + patientId.getIdPart() + "&_count=50")
        .returnBundle(Bundle.class).execute();
    assertThat(b.getEntry()).hasSize(1);
  }

  @Test
  void patientEverythingReturnsTheCompartment() {
    Parameters out = client.operation().onInstance(patientId).named("$everything").withNoParameters(Parameters.class)
        .useHttpGet().execute();
    Bundle everything = (Bundle) out.getParameterFirstRep().getResource();
    List<String> types = everything.getEntry().stream().map(e -> e.getResource().fhirType()).distinct().collect(Collectors.toList());
    assertThat(types).contains("Patient", "Observation", "Encounter");
    assertThat(everything.getEntry().stream().filter(e -> e.getResource() instanceof Observation)).hasSize(5);
  }

  @Test
  void validateOperationReportsErrors() {
    Observation noStatus = new Observation();
    noStatus.getCode().setText("no status");
    OperationOutcome outcome;
    try {
      outcome = (OperationOutcome) client.validate().resource(noStatus).execute().getOperationOutcome();
    } catch (ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException e) {
      outcome = (OperationOutcome) e.getOperationOutcome(); // HAPI answers 412 when the resource has errors
    }
    assertThat(outcome.getIssue()).anyMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
        && i.getDiagnostics().contains("status"));
  }

  @Test
  void validateTakesProfileAndModeInsideParameters() {
    Task task = new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
    Parameters in = new Parameters();
    in.addParameter().setName("resource").setResource(task);
    in.addParameter().setName("mode").setValue(new CodeType("create"));
    in.addParameter().setName("profile").setValue(new UriType(NeuroFhirCanonical.PROFILE_SEGMENTATION_TASK));
    OperationOutcome outcome;
    try {
      outcome = client.operation().onType(Task.class).named("$validate").withParameters(in)
          .returnResourceType(OperationOutcome.class).execute();
    } catch (ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException e) {
      outcome = (OperationOutcome) e.getOperationOutcome();
    }
    // the resource inside the body was validated, against the profile named in the body: a plain Task lacks the
    // segmentation job identifier that profile requires
    List<String> issues = outcome.getIssue().stream()
        .map(i -> i.getSeverity() + " " + i.getExpression() + " " + i.getDiagnostics()).toList();
    assertThat(outcome.getIssue()).as("%s", issues).anyMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
        && i.getDiagnostics().contains("segmentationJob"));
    assertThat(outcome.getIssue()).as("%s", issues).noneMatch(i -> i.getDiagnostics() != null
        && (i.getDiagnostics().contains("UriType[") || i.getDiagnostics().contains("Invalid mode")));
  }

  private int count(ca.uhn.fhir.rest.gclient.IQuery<?> query) {
    Bundle b = query.returnBundle(Bundle.class).count(100).execute();
    return b.getEntry().size();
  }

  private static List<String> effective(Bundle b) {
    return b.getEntry().stream()
        .map(e -> ((Observation) e.getResource()).getEffectiveDateTimeType().getValueAsString())
        .collect(Collectors.toList());
  }
}
