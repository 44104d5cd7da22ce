package org.neurofhir.profiles.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.neurofhir.profiles.SharedValidation.describe;
import static org.neurofhir.profiles.SharedValidation.errors;

import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.neurofhir.profiles.SharedValidation;

/** Every example in the package, run through the HL7 validator engine (HAPI FhirInstanceValidator). */
class ExamplesConformToProfilesTest {

  /** Invalid example → (location, message fragment) pairs the validator must report as errors. */
  private static final Map<String, List<Expected>> EXPECTED_ERRORS = Map.of(
      "ImagingStudy-mr-brain-study-invalid.json", List.of(
          new Expected("ImagingStudy", "Slice 'ImagingStudy.identifier:studyInstanceUid': a matching slice is required"),
          new Expected("ImagingStudy.series[3]", "Slice 'ImagingStudy.series.extension:mrSequenceType'")),
      "Observation-tumour-volume-invalid.json", List.of(
          new Expected("Observation.value.ofType(Quantity).code", "Value is 'mL' but is fixed to 'cm3'"),
          new Expected("Observation.bodySite.coding[0]", "tumour-region#tumour")),
      "DiagnosticReport-segmentation-report-invalid.json", List.of(
          new Expected("DiagnosticReport.status", "The value provided ('registered') was not found in the value set 'Segmentation report status'"),
          new Expected("DiagnosticReport", "DiagnosticReport.conclusion: minimum required = 1"),
          new Expected("DiagnosticReport", "DiagnosticReport.result: minimum required = 1")),
      "Device-ai-model-invalid.json", List.of(
          new Expected("Device", "Device.version: minimum required = 1"),
          new Expected("Device.property[1].type", "ai-model#accuracy")),
      "Task-segmentation-task-invalid.json", List.of(
          new Expected("Task", "nf-task-1")),
      "Patient-clinic-patient-invalid.json", List.of(
          new Expected("Patient", "Slice 'Patient.identifier:mrn': a matching slice is required")),
      "Schedule-availability-schedule-invalid.json", List.of(
          new Expected("Schedule", "Slice 'Schedule.extension:timeZone' for extension")),
      "Appointment-clinic-appointment-invalid.json", List.of(
          new Expected("Appointment.extension[0].value.ofType(Coding)", "consultation-mode#telepathic")));

  record Expected(String location, String messageFragment) {}

  static Stream<String> validExamples() {
    return SharedValidation.pkg().examples().keySet().stream().filter(n -> !n.endsWith("-invalid.json"));
  }

  static Stream<String> invalidExamples() {
    return SharedValidation.pkg().examples().keySet().stream().filter(n -> n.endsWith("-invalid.json"));
  }

  @ParameterizedTest
  @MethodSource("validExamples")
  void validExampleHasNoErrors(String file) {
    List<SingleValidationMessage> errors = errors(SharedValidation.pkg().examples().get(file));
    assertThat(errors).as("errors in %s:%s", file, describe(errors)).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("invalidExamples")
  void invalidExampleFailsWithTheExpectedErrors(String file) {
    assertThat(EXPECTED_ERRORS).as("expected errors declared for %s", file).containsKey(file);
    List<SingleValidationMessage> errors = errors(SharedValidation.pkg().examples().get(file));
    for (Expected e : EXPECTED_ERRORS.get(file)) {
      assertThat(errors)
          .as("%s must report '%s' at %s; got:%s", file, e.messageFragment(), e.location(), describe(errors))
          .anyMatch(m -> e.location().equals(m.getLocationString()) && m.getMessage().contains(e.messageFragment()));
    }
  }

  @Test
  void everyProfileHasAValidAndAnInvalidExample() {
    Map<String, IBaseResource> examples = SharedValidation.pkg().examples();
    for (StructureDefinition sd : SharedValidation.pkg().resourcesOfType(StructureDefinition.class)) {
      if (sd.getKind() != StructureDefinition.StructureDefinitionKind.RESOURCE) continue;
      List<String> claiming = examples.entrySet().stream()
          .filter(e -> e.getValue().getMeta().getProfile().stream().anyMatch(p -> sd.getUrl().equals(p.getValue())))
          .map(Map.Entry::getKey)
          .toList();
      assertThat(claiming).as("examples of %s", sd.getUrl())
          .anyMatch(n -> !n.endsWith("-invalid.json"))
          .anyMatch(n -> n.endsWith("-invalid.json"));
    }
  }
}
