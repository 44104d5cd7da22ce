package org.neurofhir.inference.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;

/** Keeps the module plain Java, free of DICOM and Spring, and its feature packages acyclic. */
@AnalyzeClasses(packages = "org.neurofhir.inference", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

    @ArchTest
    static final ArchRule noDicomSpringOrFhir = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.neurofhir.dicom..", "org.springframework..", "ca.uhn..", "com.pixelmed..");

    @ArchTest
    static final ArchRule runtimeDoesNotReachIntoTrainingOrCli = noClasses()
            .that().resideInAnyPackage("..volume..", "..nifti..", "..model..", "..segmentation..", "..volumetrics..", "..render..", "..phantom..")
            .should().dependOnClassesThat().resideInAnyPackage("..training..", "..cli..");

    @ArchTest
    static final ArchRule featurePackagesAreFreeOfCycles = SlicesRuleDefinition.slices()
            .matching("org.neurofhir.inference.(*)..").should().beFreeOfCycles();
}
