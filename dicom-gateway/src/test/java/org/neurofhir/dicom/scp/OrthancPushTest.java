package org.neurofhir.dicom.scp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.dicom.Dcmtk;
import org.neurofhir.dicom.GatewayFixture;
import org.neurofhir.dicom.Phantoms;
import org.neurofhir.dicom.store.IndexedInstance;
import org.neurofhir.dicom.synthetic.WrittenStudy;

/**
 * A real PACS pushing a study: Orthanc (Debian package) receives a synthetic study over its REST
 * API and sends it to our gateway with POST /modalities/{name}/store. Orthanc listens on every
 * interface, so it and the gateway (its own JVM) run together in a private network namespace.
 */
class OrthancPushTest {
  @TempDir Path tmp;

  @Test
  void orthancPushesAStudyAndTheGatewayIndexesEveryInstance() throws Exception {
    assumeTrue(Dcmtk.run(List.of("sh", "-c", "command -v Orthanc")).exitCode() == 0, "Orthanc not installed (apt-get install orthanc)");
    Dcmtk.Result ns = Dcmtk.run(List.of("unshare", "-n", "true"));
    assumeTrue(ns.exitCode() == 0, "cannot create a private network namespace (unshare -n needs root/CAP_SYS_ADMIN): " + ns.output().trim());
    WrittenStudy study = Phantoms.writeStudy(tmp.resolve("study"), 32, 6);
    String jdbc = "jdbc:h2:file:" + tmp.resolve("index") + ";DB_CLOSE_ON_EXIT=FALSE";
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path script = Path.of(getClass().getResource("/orthanc/push-to-gateway.sh").toURI());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    Dcmtk.Result push = Dcmtk.run(List.of("unshare", "-n", "bash", script.toString(), tmp.toString(), java, classpath, jdbc,
        study.directory().toString()));

    assertThat(push.exitCode()).as(push.output()).isZero();
    assertThat(push.output()).contains("\"InstancesCount\" : 24").contains("\"FailedInstancesCount\" : 0");
    // The gateway's own index, read after it shut down; rows must be there without reconciliation's help.
    try (GatewayFixture gw = new GatewayFixture(tmp.resolve("gw"), Set.of(), Duration.ofSeconds(30), true, jdbc)) {
      assertThat(gw.reconciliation.reindexed()).isZero();
      List<IndexedInstance> rows = gw.index.findByStudy(study.studyInstanceUid());
      assertThat(rows).hasSize(24).allSatisfy(i -> {
        assertThat(i.callingAeTitle()).isEqualTo("ORTHANC");
        assertThat(gw.store.pathOf(i)).isRegularFile();
      });
      assertThat(rows).extracting(i -> i.header().seriesDescription()).containsOnlyElementsOf(Phantoms.SEQUENCES);
    }
  }
}
