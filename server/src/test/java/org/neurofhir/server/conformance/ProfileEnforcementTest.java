package org.neurofhir.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.jpa.term.api.ITermReadSvc;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.profiles.packaging.NeuroFhirPackage;
import org.neurofhir.server.support.ServerTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Resources claiming our profiles are validated on write (422 with located issues); others are untouched. */
class ProfileEnforcementTest extends ServerTestBase {

  @Autowired NeuroFhirPackage pkg;
  @Autowired ITermReadSvc terminology;
  @Autowired JdbcClient jdbc;

  @Test
  void valueSetsExpandWithoutHibernateSearch() {
    // what HAPI's scheduler runs every few minutes must not fail on any ValueSet without Hibernate Search
    terminology.preExpandDeferredValueSetsToTerminologyTables();
    assertThat(jdbc.sql("SELECT COUNT(*) FROM TRM_VALUESET WHERE EXPANSION_STATUS = 'FAILED_TO_EXPAND'")
        .query(Long.class).single()).isZero();

    CodeSystem regions = pkg.resourcesOfType(CodeSystem.class).stream()
        .filter(cs -> cs.getUrl().equals(NeuroFhirCanonical.CODE_SYSTEM + "tumour-region")).findFirst().orElseThrow();
    ValueSet expanded = client.operation().onType(ValueSet.class).named("$expand")
        .withParameter(Parameters.class, "url", new UriType(NeuroFhirCanonical.VALUE_SET + "tumour-region"))
        .returnResourceType(ValueSet.class).execute();
    assertThat(expanded.getExpansion().getContains()).extracting(ValueSet.ValueSetExpansionContainsComponent::getCode)
        .containsExactlyInAnyOrderElementsOf(regions.getConcept().stream().map(CodeSystem.ConceptDefinitionComponent::getCode).toList());
  }

  private <T extends org.hl7.fhir.r4.model.Resource> T example(String file, Class<T> type) {
    T resource = type.cast(type.cast(pkg.examples().get(file)).copy());
    resource.setIdElement(null);
    return resource;
  }

  @Test
  void validProfiledPatientIsStored() {
    Patient valid = example("Patient-clinic-patient-example.json", Patient.class);
    assertThat(client.create().resource(valid).execute().getCreated()).isTrue();
  }

  @Test
  void invalidProfiledPatientIs422WithLocatedIssues() {
    Patient invalid = example("Patient-clinic-patient-invalid.json", Patient.class);
    String family = unique("Invalid");
    invalid.getNameFirstRep().setFamily(family);

    assertThatThrownBy(() -> client.create().resource(invalid).execute())
        .isInstanceOfSatisfying(UnprocessableEntityException.class, e -> {
          OperationOutcome oo = (OperationOutcome) e.getOperationOutcome();
          assertThat(oo.getIssue()).anySatisfy(issue -> {
            assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
            assertThat(issue.getExpression()).isNotEmpty();
            assertThat(issue.getExpression().get(0).getValue()).startsWith("Patient");
          });
        });
    Bundle stored = client.search().byUrl("Patient?family:exact=" + family).returnBundle(Bundle.class).execute();
    assertThat(stored.getEntry()).isEmpty();
  }

  @Test
  void invalidProfiledDeviceIsRefusedOnUpdateToo() {
    Device valid = example("Device-ai-model-example.json", Device.class);
    var id = client.create().resource(valid).execute().getId().toUnqualifiedVersionless();
    Device invalid = example("Device-ai-model-invalid.json", Device.class);
    invalid.setId(id);
    assertThatThrownBy(() -> client.update().resource(invalid).execute())
        .isInstanceOf(UnprocessableEntityException.class);
  }

  @Test
  void unprofiledResourcesAreNotValidatedAgainstOurProfiles() {
    Patient plain = new Patient();
    plain.addIdentifier().setSystem("http://hospital.example.org/mrn").setValue(unique("p"));
    assertThat(client.create().resource(plain).execute().getCreated()).isTrue();
  }

  @Test
  void packageResourcesAreServedAndItsSearchParametersWork() {
    Bundle sds = client.search().byUrl("StructureDefinition?url=" + NeuroFhirCanonical.PROFILE_TUMOUR_VOLUME_OBSERVATION)
        .returnBundle(Bundle.class).execute();
    assertThat(sds.getEntry()).hasSize(1);
    assertThat(((StructureDefinition) sds.getEntryFirstRep().getResource()).getType()).isEqualTo("Observation");

    Bundle sps = client.search().byUrl("SearchParameter?url=" + NeuroFhirCanonical.SP_OBSERVATION_TUMOUR_REGION)
        .returnBundle(Bundle.class).execute();
    assertThat(sps.getEntry()).hasSize(1);
    String code = ((SearchParameter) sps.getEntryFirstRep().getResource()).getCode();
    // an unknown parameter would be refused with 400; a known one answers with a (possibly empty) searchset
    Bundle result = client.search().byUrl("Observation?" + code + "=" + NeuroFhirCanonical.CS_TUMOUR_REGION + "|oedema")
        .returnBundle(Bundle.class).execute();
    assertThat(result.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
  }
}
