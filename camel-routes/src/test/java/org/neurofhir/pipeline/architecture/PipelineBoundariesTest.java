package org.neurofhir.pipeline.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The pipeline reaches DICOM and the model only through the gateway's and inference module's public APIs. */
@AnalyzeClasses(packages = "org.neurofhir.pipeline", importOptions = ImportOption.DoNotIncludeTests.class)
class PipelineBoundariesTest {

  @ArchTest
  static final ArchRule noToolkitsDirectly = noClasses().should().dependOnClassesThat()
      .resideInAnyPackage("com.pixelmed..", "org.tensorflow..", "org.neurofhir.server..");

  @ArchTest
  static final ArchRule workerKnowsNoTransport = noClasses().that().resideInAnyPackage("..worker..", "..results..", "..task..")
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "org.springframework.amqp..");

  @ArchTest
  static final ArchRule hapiJpaStaysInTheServer = noClasses().should().dependOnClassesThat()
      .resideInAnyPackage("ca.uhn.fhir.jpa..");
}
