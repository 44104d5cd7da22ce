package org.neurofhir.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.SearchParameter;
import org.junit.jupiter.api.Test;

/** The Java constants and enums other modules use must name exactly what the package defines. */
class JavaConstantsMatchPackageTest {

  private static final List<String> CANONICAL_PREFIXES = List.of("PROFILE_", "EXT_", "CS_", "VS_", "SP_", "CM_");

  @Test
  void everyCanonicalConstantResolvesToAPackageResource() throws Exception {
    Set<String> urls = SharedValidation.pkg().resources().stream()
        .filter(MetadataResource.class::isInstance)
        .map(r -> ((MetadataResource) r).getUrl())
        .collect(Collectors.toSet());
    List<String> checked = new ArrayList<>();
    for (Field f : NeuroFhirCanonical.class.getFields()) {
      boolean canonical = CANONICAL_PREFIXES.stream().anyMatch(p -> f.getName().startsWith(p)) && !(f.getName().startsWith("SP_") && f.getName().endsWith("_CODE"));
      if (!canonical || !Modifier.isStatic(f.getModifiers())) continue;
      assertThat(urls).as(f.getName()).contains((String) f.get(null));
      checked.add(f.getName());
    }
    assertThat(checked).hasSizeGreaterThanOrEqualTo(7 + 3 + 7 + 9 + 3 + 1);
  }

  @Test
  void searchParameterCodeConstantsMatchTheirSearchParameters() {
    assertThat(searchParameter(NeuroFhirCanonical.SP_IMAGING_STUDY_MR_SEQUENCE_TYPE).getCode())
        .isEqualTo(NeuroFhirCanonical.SP_IMAGING_STUDY_MR_SEQUENCE_TYPE_CODE);
    assertThat(searchParameter(NeuroFhirCanonical.SP_OBSERVATION_TUMOUR_REGION).getCode())
        .isEqualTo(NeuroFhirCanonical.SP_OBSERVATION_TUMOUR_REGION_CODE);
    assertThat(searchParameter(NeuroFhirCanonical.SP_APPOINTMENT_CONSULTATION_MODE).getCode())
        .isEqualTo(NeuroFhirCanonical.SP_APPOINTMENT_CONSULTATION_MODE_CODE);
  }

  @Test
  void enumsListExactlyTheCodesOfTheirCodeSystems() {
    assertSameCodes(MrSequenceType.values());
    assertSameCodes(TumourRegion.values());
    assertSameCodes(SegmentationTaskCode.values());
    assertSameCodes(SegmentationTaskStatus.values());
    assertSameCodes(ConsultationMode.values());
    assertSameCodes(AiModelCode.values());
    assertSameCodes(TumourVolumeChange.values());
  }

  @Test
  void tumourRegionSnomedCodingsAreThoseOfTheConceptMap() {
    ConceptMap map = SharedValidation.pkg().resourcesOfType(ConceptMap.class).stream()
        .filter(cm -> cm.getUrl().equals(NeuroFhirCanonical.CM_TUMOUR_REGION_TO_SNOMED)).findFirst().orElseThrow();
    for (ConceptMap.SourceElementComponent e : map.getGroupFirstRep().getElement()) {
      TumourRegion region = TumourRegion.fromCode(e.getCode());
      String target = e.getTargetFirstRep().getCode();
      assertThat(region.snomedCoding().map(c -> c.getCode()).orElse(null)).as(region.name()).isEqualTo(target);
    }
  }

  private static void assertSameCodes(CodedConcept[] concepts) {
    CodeSystem cs = SharedValidation.pkg().resourcesOfType(CodeSystem.class).stream()
        .filter(c -> c.getUrl().equals(concepts[0].system())).findFirst().orElseThrow();
    Set<String> inPackage = cs.getConcept().stream().map(c -> c.getCode() + "|" + c.getDisplay()).collect(Collectors.toSet());
    Set<String> inJava = java.util.Arrays.stream(concepts).map(c -> c.code() + "|" + c.display()).collect(Collectors.toSet());
    assertThat(inJava).as(cs.getUrl()).isEqualTo(inPackage);
  }

  private static SearchParameter searchParameter(String url) {
    return SharedValidation.pkg().resourcesOfType(SearchParameter.class).stream()
        .filter(sp -> sp.getUrl().equals(url)).findFirst().orElseThrow();
  }
}
