package org.neurofhir.dicom.scp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.dicom.Dcmtk;
import org.neurofhir.dicom.GatewayFixture;
import org.neurofhir.dicom.Phantoms;
import org.neurofhir.dicom.SmallFilesystem;
import org.neurofhir.dicom.synthetic.SyntheticSeries;

/**
 * Storage root on a 300 KiB file system and DCMTK storescu as the sender: the kernel's ENOSPC
 * must become "Refused: Out of Resources" (A700), leave no partial file and no index row, and the
 * SCP must keep serving once space is back.
 */
class DiskFullTest {
  @TempDir Path tmp;
  SmallFilesystem disk;
  GatewayFixture gw;

  @BeforeEach
  void start() throws Exception {
    disk = SmallFilesystem.mount(tmp.resolve("disk"), 300);
    gw = new GatewayFixture(disk.mountPoint, Set.of(), Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (gw != null) gw.close();
    } finally {
      if (disk != null) disk.close();
    }
  }

  @Test
  void instanceLargerThanTheFreeSpaceIsRefusedAndLeavesNothing() throws Exception {
    List<Path> big = series("big", 512, 1); // ~512 KiB, more than the whole file system
    assertThat(Files.size(big.get(0))).isGreaterThan(disk.freeBytes());

    Dcmtk.Result r = Dcmtk.storescu(GatewayFixture.AE, "STORESCU", gw.port(), big);

    assertThat(r.output()).contains("Refused: OutOfResources");
    assertThat(gw.index.count()).isZero();
    assertThat(gw.storedFileCount()).isZero();
    assertThat(gw.stagedFileCount()).isZero();
    assertKeepsServing(0);
  }

  @Test
  void diskFillingUpMidSeriesKeepsWhatWasAcknowledgedAndRefusesTheRest() throws Exception {
    List<Path> slices = series("fill", 256, 4); // ~130 KiB each: two fit in 300 KiB, the third does not

    Dcmtk.Result r = Dcmtk.storescu(GatewayFixture.AE, "STORESCU", gw.port(), slices);

    assertThat(r.output().split("Refused: OutOfResources", -1)).as(r.output()).hasSize(3); // two refusals
    assertThat(gw.index.count()).isEqualTo(2);
    assertThat(gw.storedFileCount()).isEqualTo(2);
    assertThat(gw.stagedFileCount()).isZero();
    try (Stream<Path> s = Files.walk(gw.store.root())) {
      assertThat(s.filter(Files::isRegularFile)).allSatisfy(f -> assertThat(Files.size(f)).isGreaterThan(256 * 256 * 2));
    }
    gw.index.findBySeries(gw.index.findByStudy(gw.index.findBySopInstanceUid(sop(slices.get(0))).orElseThrow()
        .header().studyInstanceUid()).get(0).header().seriesInstanceUid())
        .forEach(i -> assertThat(gw.store.pathOf(i)).isRegularFile());
    // Space comes back (an operator cleans up): the refused instances can now be stored.
    try (Stream<Path> s = Files.walk(gw.store.root())) {
      for (Path f : s.filter(Files::isRegularFile).toList()) Files.delete(f);
    }
    Dcmtk.Result again = Dcmtk.storescu(GatewayFixture.AE, "STORESCU", gw.port(), slices.subList(2, 4));
    assertThat(again.output()).doesNotContain("Refused");
    assertThat(gw.index.count()).isEqualTo(4);
  }

  /**
   * The index database on the same full disk: its writes fail too (H2 reports them on a later
   * statement). Every answer is still Success or Out of Resources, and after space comes back a
   * restart finds a row for every acknowledged instance, whether or not H2 had persisted it.
   */
  @Test
  void indexOnTheSameFullDiskNeverCostsAnAcknowledgedInstance() throws Exception {
    gw.close();
    String db = "jdbc:h2:file:" + disk.mountPoint.resolve("index") + ";DB_CLOSE_ON_EXIT=FALSE";
    gw = new GatewayFixture(disk.mountPoint, Set.of(), Duration.ofSeconds(30), true, db);
    List<Path> slices = series("fill", 128, 12); // ~33 KiB each; the H2 file shares the 300 KiB

    Dcmtk.Result r = Dcmtk.storescu(GatewayFixture.AE, "STORESCU", gw.port(), slices);

    List<String> statuses = r.output().lines().filter(l -> l.contains("Received Store Response"))
        .map(l -> l.substring(l.indexOf('(') + 1, l.lastIndexOf(')'))).toList();
    assertThat(statuses).as(r.output()).hasSize(slices.size()).containsOnly("Success", "Refused: OutOfResources")
        .contains("Refused: OutOfResources");
    List<Path> acknowledged = new java.util.ArrayList<>();
    for (int k = 0; k < slices.size(); k++) if (statuses.get(k).equals("Success")) acknowledged.add(slices.get(k));
    assertThat(gw.storedFileCount() - filesOf(disk.mountPoint.resolve("store/.incoming"))).isEqualTo(acknowledged.size());
    assertThat(gw.stagedFileCount()).isZero();

    gw.close();
    gw = null;
    org.junit.jupiter.api.Assumptions.assumeTrue(disk.grow(4096), "cannot give a loop-mounted file system more room");
    gw = new GatewayFixture(disk.mountPoint, Set.of(), Duration.ofSeconds(30), true, db);
    for (Path f : acknowledged) assertThat(gw.index.findBySopInstanceUid(sop(f))).as(f.toString()).isPresent();
    assertThat(gw.index.count()).isEqualTo(acknowledged.size());
    assertKeepsServing(acknowledged.size());
  }

  private static long filesOf(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) return 0;
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  private void assertKeepsServing(long indexedBefore) throws Exception {
    assertThat(Dcmtk.echoscu(GatewayFixture.AE, "ECHOSCU", gw.port()).exitCode()).isZero();
    Dcmtk.Result small = Dcmtk.storescu(GatewayFixture.AE, "STORESCU", gw.port(), series("small", 32, 2));
    assertThat(small.exitCode()).as(small.output()).isZero();
    assertThat(small.output()).doesNotContain("Refused");
    assertThat(gw.index.count()).isEqualTo(indexedBefore + 2);
  }

  private List<Path> series(String name, int n, int slices) throws Exception {
    // Written outside the small file system: only the gateway's store lives there.
    return Phantoms.writer().write(tmp.resolve(name), Phantoms.PATIENT,
        List.of(new SyntheticSeries("T1 " + name, Phantoms.volume(n, slices, 1)))).allFiles();
  }

  private static String sop(Path file) throws Exception {
    return new org.neurofhir.dicom.toolkit.PixelmedFileReader().readHeader(file).sopInstanceUid();
  }
}
