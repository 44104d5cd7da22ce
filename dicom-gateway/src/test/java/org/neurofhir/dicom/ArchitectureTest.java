package org.neurofhir.dicom;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/** PixelMed stays behind the toolkit package, so the DICOM toolkit can be swapped; no Camel here. */
@AnalyzeClasses(packages = "org.neurofhir.dicom", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule onlyToolkitUsesPixelmed = noClasses().that().resideOutsideOfPackage("org.neurofhir.dicom.toolkit..")
      .should().dependOnClassesThat().resideInAPackage("com.pixelmed..");

  @ArchTest
  static final ArchRule noCamel = noClasses().should().dependOnClassesThat().resideInAPackage("org.apache.camel..");

  @ArchTest
  static final ArchRule featurePackagesHaveNoCycles = SlicesRuleDefinition.slices()
      .matching("org.neurofhir.dicom.(*)..").should().beFreeOfCycles();
}
