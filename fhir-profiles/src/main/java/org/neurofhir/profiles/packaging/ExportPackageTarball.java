package org.neurofhir.profiles.packaging;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Path;

/**
 * Build step (exec-maven-plugin, phase process-classes): generates the profiles' snapshots into
 * {@code <classes dir>/package-snapshots/} and writes {@code <output dir>/neurofhir.fhir.r4-<version>.tgz}.
 * Usage: {@code ExportPackageTarball <classes dir> <output dir>}.
 */
public final class ExportPackageTarball {

  private ExportPackageTarball() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: ExportPackageTarball <classes directory> <output directory>");
      System.exit(2);
    }
    NeuroFhirPackage pkg = NeuroFhirPackage.load(FhirContext.forR4Cached(), false);
    PrecomputedSnapshots.write(pkg, Path.of(args[0]));
    Path written = pkg.writeTarball(Path.of(args[1]));
    System.out.println("FHIR package written: " + written.toAbsolutePath());
  }
}
