package org.neurofhir.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way: server → pipeline (camel-routes) → {dicom, inference}; any module may use the
 * profiles; dicom and inference never know each other. Maven already forbids cycles between modules; this
 * catches a module reaching "up" through a transitive dependency.
 */
class ModuleBoundariesTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.neurofhir");
  }

  @Test
  void dicomGatewayAndInferenceNeverDependOnEachOther() {
    noClasses().that().resideInAPackage("org.neurofhir.dicom..")
        .should().dependOnClassesThat().resideInAPackage("org.neurofhir.inference..")
        .check(classes);
    noClasses().that().resideInAPackage("org.neurofhir.inference..")
        .should().dependOnClassesThat().resideInAPackage("org.neurofhir.dicom..")
        .check(classes);
  }

  @Test
  void lowerModulesNeverDependOnThePipelineOrTheServer() {
    noClasses().that().resideInAnyPackage("org.neurofhir.dicom..", "org.neurofhir.inference..", "org.neurofhir.profiles..")
        .should().dependOnClassesThat().resideInAnyPackage("org.neurofhir.pipeline..", "org.neurofhir.server..")
        .check(classes);
  }

  @Test
  void pipelineNeverDependsOnTheServer() {
    noClasses().that().resideInAPackage("org.neurofhir.pipeline..")
        .should().dependOnClassesThat().resideInAPackage("org.neurofhir.server..")
        .allowEmptyShould(true) // camel-routes may hold no classes yet
        .check(classes);
  }

  @Test
  void profilesDependOnNoOtherModule() {
    noClasses().that().resideInAPackage("org.neurofhir.profiles..")
        .should().dependOnClassesThat()
        .resideInAnyPackage("org.neurofhir.dicom..", "org.neurofhir.inference..", "org.neurofhir.pipeline..", "org.neurofhir.server..")
        .check(classes);
  }
}
