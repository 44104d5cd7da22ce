package org.neurofhir.profiles.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.Test;
import org.neurofhir.profiles.SharedValidation;

class NeuroFhirPackageTest {

  private static final Path SOURCE_PACKAGE = Path.of("src/main/resources/package");

  @Test
  void manifestDeclaresAnR4PackageOnTheCore() {
    PackageManifest m = SharedValidation.pkg().manifest();
    assertThat(m.name()).isEqualTo("neurofhir.fhir.r4");
    assertThat(m.fhirVersions()).containsExactly("4.0.1");
    assertThat(m.dependencies()).containsEntry("hl7.fhir.r4.core", "4.0.1");
    assertThat(m.tarballFileName()).isEqualTo("neurofhir.fhir.r4-" + m.version() + ".tgz");
  }

  @Test
  void checkedInIndexesListEveryFileOfTheirFolder() {
    // Regenerate with: java ... org.neurofhir.profiles.packaging.PackageIndex src/main/resources/package
    for (String folder : List.of("", "examples/")) {
      PackageIndex onDisk = PackageIndex.ofFolder(SOURCE_PACKAGE.resolve(folder));
      PackageIndex onClasspath = PackageIndex.parse(NeuroFhirPackage.read("package/" + folder + PackageIndex.FILE_NAME));
      assertThat(onClasspath.files()).as("package/%s.index.json is stale", folder).isEqualTo(onDisk.files());
    }
  }

  @Test
  void everyStructureDefinitionHasASnapshot() {
    List<StructureDefinition> sds = SharedValidation.pkg().resourcesOfType(StructureDefinition.class);
    assertThat(sds).hasSize(15);
    // an extension has 5 snapshot elements (Extension, id, extension, url, value[x]); a profile dozens
    assertThat(sds).allSatisfy(sd -> assertThat(sd.getSnapshot().getElement()).as(sd.getUrl()).hasSizeGreaterThanOrEqualTo(5));
  }

  @Test
  void snapshotsPrecomputedByTheBuildEqualOnesGeneratedAtLoad() {
    NeuroFhirPackage generated = NeuroFhirPackage.load(SharedValidation.CTX, false);
    FhirContext ctx = SharedValidation.CTX;
    for (Map.Entry<String, IBaseResource> e : SharedValidation.pkg().conformanceResources().entrySet()) {
      if (!(e.getValue() instanceof StructureDefinition pre)) continue;
      StructureDefinition fresh = (StructureDefinition) generated.conformanceResources().get(e.getKey());
      assertThat(pre.getSnapshot().getElement()).extracting(el -> el.getId())
          .as(e.getKey()).containsExactlyElementsOf(fresh.getSnapshot().getElement().stream().map(el -> el.getId()).toList());
      assertThat(ctx.newJsonParser().encodeToString(pre.getSnapshot()))
          .as(e.getKey()).isEqualTo(ctx.newJsonParser().encodeToString(fresh.getSnapshot()));
    }
  }

  @Test
  void tarballLoadsWithTheHl7PackageReader() throws Exception {
    ByteArrayOutputStream tgz = new ByteArrayOutputStream();
    SharedValidation.pkg().writeTarball(tgz);

    NpmPackage npm = NpmPackage.fromPackage(new ByteArrayInputStream(tgz.toByteArray()));

    assertThat(npm.name()).isEqualTo("neurofhir.fhir.r4");
    assertThat(npm.fhirVersion()).isEqualTo("4.0.1");
    assertThat(npm.listResources("StructureDefinition")).hasSize(15);
    assertThat(npm.listResources("CodeSystem", "ValueSet", "SearchParameter", "ConceptMap")).hasSize(10 + 14 + 3 + 1);
    assertThat(npm.getFolders()).containsKey("examples");
    StructureDefinition sd = (StructureDefinition) SharedValidation.CTX.newJsonParser().parseResource(
        npm.loadByCanonical("https://neurofhir.org/fhir/StructureDefinition/tumour-volume-observation"));
    assertThat(sd.getSnapshot().getElement()).as("exported profiles carry their snapshot").isNotEmpty();
  }

  @Test
  void rejectsANonR4Context() {
    assertThatThrownBy(() -> NeuroFhirPackage.loadFromClasspath(FhirContext.forR5Cached()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FHIR R4");
  }
}
