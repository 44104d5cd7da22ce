package org.neurofhir.dicom.scp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.dicom.Dcmtk;
import org.neurofhir.dicom.GatewayFixture;
import org.neurofhir.dicom.Phantoms;
import org.neurofhir.dicom.synthetic.SyntheticSeries;

/**
 * A sender at DCMTK's default socket settings (Nagle on) must not wait on our delayed ACKs: DCMTK
 * writes each PDU header apart from its body, so without an immediate ACK from us every instance
 * stalls ~40 ms on the receiver's delayed-ACK timer. Instead of timing the transfer, this counts
 * those timer-driven ACKs (kernel counter TcpExt DelayedACKs) in a private network namespace where
 * only the gateway (its own JVM) and storescu talk: about one per instance on the slow path
 * (181–193 for 200 instances, measured), a handful for association set-up and release otherwise.
 */
class DefaultSocketSenderTest {
  private static final int INSTANCES = 120;

  @TempDir Path tmp;

  @Test
  void storescuWithNagleOnIsNotLeftWaitingForDelayedAcks() throws Exception {
    Dcmtk.Result ns = Dcmtk.run(List.of("unshare", "-n", "true"));
    assumeTrue(ns.exitCode() == 0, "cannot create a private network namespace (unshare -n needs root/CAP_SYS_ADMIN): " + ns.output().trim());
    Path study = tmp.resolve("study");
    Phantoms.writer().write(study, Phantoms.PATIENT, List.of(new SyntheticSeries("T1 SE axial", Phantoms.volume(64, INSTANCES, 1))));
    String jdbc = "jdbc:h2:file:" + tmp.resolve("index") + ";DB_CLOSE_ON_EXIT=FALSE";
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path script = Path.of(getClass().getResource("/dcmtk/default-storescu-to-gateway.sh").toURI());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    Dcmtk.Result sent = Dcmtk.run(List.of("unshare", "-n", "bash", script.toString(), tmp.toString(), java, classpath, jdbc, study.toString()));

    assertThat(sent.exitCode()).as(sent.output()).isZero();
    long delayedAcks = sent.output().lines().filter(l -> l.startsWith("DELAYED_ACKS ")).mapToLong(l -> Long.parseLong(l.substring(13))).findFirst()
        .orElseThrow(() -> new AssertionError("no DELAYED_ACKS line in: " + sent.output()));
    assertThat(delayedAcks).as("ACKs left to the delayed-ACK timer while storescu sent %d instances", INSTANCES).isLessThan(INSTANCES / 10);
    try (GatewayFixture gw = new GatewayFixture(tmp.resolve("gw"), Set.of(), Duration.ofSeconds(30), true, jdbc)) {
      assertThat(gw.index.count()).isEqualTo(INSTANCES);
    }
  }
}
