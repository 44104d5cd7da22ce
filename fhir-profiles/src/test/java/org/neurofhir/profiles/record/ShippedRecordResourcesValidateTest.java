package org.neurofhir.profiles.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ObservationDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.profiles.SharedValidation;

/** The clinic-record resources of the package (lab ranges, forms, value sets) pass HAPI's instance validator. */
class ShippedRecordResourcesValidateTest {

  /** StructureDefinitions are proven by their snapshots and examples (the validator cannot snapshot them standalone). */
  static Stream<String> conformanceFiles() {
    return SharedValidation.pkg().conformanceResources().keySet().stream()
        .filter(f -> !f.startsWith("StructureDefinition-")).sorted();
  }

  @ParameterizedTest
  @MethodSource("conformanceFiles")
  void everyShippedTerminologyFormAndRangeHasNoValidationErrors(String file) {
    IBaseResource resource = SharedValidation.pkg().conformanceResources().get(file);
    var errors = SharedValidation.errors(resource);
    assertThat(errors).as(file + SharedValidation.describe(errors)).isEmpty();
  }

  @Test
  void everyLabRangeIsForATestOfTheLabValueSetAndHasANormalRange() {
    Map<String, IBaseResource> all = SharedValidation.pkg().conformanceResources();
    ValueSet labTests = (ValueSet) all.values().stream()
        .filter(r -> r instanceof ValueSet vs && NeuroFhirCanonical.VS_LAB_TESTS.equals(vs.getUrl())).findFirst().orElseThrow();
    Set<String> codes = labTests.getCompose().getIncludeFirstRep().getConcept().stream()
        .map(ValueSet.ConceptReferenceComponent::getCode).collect(Collectors.toSet());
    List<ObservationDefinition> ranges = SharedValidation.pkg().resourcesOfType(ObservationDefinition.class);
    assertThat(ranges).hasSizeGreaterThanOrEqualTo(15);
    for (ObservationDefinition od : ranges) {
      assertThat(codes).contains(od.getCode().getCodingFirstRep().getCode());
      assertThat(od.getQualifiedInterval()).anyMatch(
          i -> i.getCategory() == ObservationDefinition.ObservationRangeCategory.REFERENCE && i.getRange().hasLow());
    }
  }
}
