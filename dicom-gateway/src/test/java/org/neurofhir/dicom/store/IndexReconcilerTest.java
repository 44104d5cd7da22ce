package org.neurofhir.dicom.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.dicom.Dcmtk;
import org.neurofhir.dicom.GatewayFixture;
import org.neurofhir.dicom.Phantoms;
import org.neurofhir.dicom.synthetic.WrittenStudy;

/**
 * Start-up reconciliation: a stored file whose index row never became durable (crash between move
 * and insert, or an embedded database that had not flushed) is indexed again from its header.
 */
class IndexReconcilerTest {
  @TempDir Path tmp;

  @Test
  void restartReindexesStoredFilesMissingFromTheIndexAndDeletesStagedFiles() throws Exception {
    String db = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    WrittenStudy study = Phantoms.writeStudy(tmp.resolve("out"), 16, 3);
    List<IndexedInstance> before;
    try (GatewayFixture gw = new GatewayFixture(tmp.resolve("gw"), Set.of(), Duration.ofSeconds(30), true, db)) {
      assertThat(Dcmtk.storescu(GatewayFixture.AE, "PACS1", gw.port(), study.allFiles()).exitCode()).isZero();
      before = gw.index.findByStudy(study.studyInstanceUid());
      assertThat(before).hasSize(12);
      // What a crash after the move and before a durable insert leaves behind:
      gw.jdbc.update("delete from dcm_instance where series_instance_uid in (?, ?)",
          study.series().get(0).seriesInstanceUid(), study.series().get(2).seriesInstanceUid());
      gw.jdbc.update("delete from dcm_instance where sop_instance_uid = ?", before.get(4).sopInstanceUid());
      assertThat(gw.index.count()).isEqualTo(5);
      Files.write(gw.store.stagingDirectory().resolve("incoming-123.part"), new byte[1000]);
    }

    try (GatewayFixture gw = new GatewayFixture(tmp.resolve("gw"), Set.of(), Duration.ofSeconds(30), true, db)) {
      assertThat(gw.reconciliation.reindexed()).isEqualTo(7);
      assertThat(gw.reconciliation.stagedFilesDeleted()).isEqualTo(1);
      assertThat(gw.reconciliation.filesSeen()).isEqualTo(12);
      assertThat(gw.stagedFileCount()).isZero();
      List<IndexedInstance> after = gw.index.findByStudy(study.studyInstanceUid());
      assertThat(after).hasSize(12);
      for (int k = 0; k < 12; k++) {
        IndexedInstance b = before.get(k), a = after.get(k);
        assertThat(a.header()).isEqualTo(b.header());
        assertThat(a.storagePath()).isEqualTo(b.storagePath());
        assertThat(a.sizeBytes()).isEqualTo(b.sizeBytes());
        assertThat(a.transferSyntaxUid()).isEqualTo(b.transferSyntaxUid());
        assertThat(a.callingAeTitle()).isEqualTo("PACS1");
        assertThat(Duration.between(a.receivedAt(), b.receivedAt()).abs()).isLessThan(Duration.ofSeconds(5));
      }
    }
  }

  @Test
  void leavesFilesThatAreNotWhereTheirHeaderSaysUnindexed() throws Exception {
    String db = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    Path file = Phantoms.writeStudy(tmp.resolve("out"), 16, 1).allFiles().get(0);
    Path stranger = tmp.resolve("gw/store/1.2.3/1.2.3.4/1.2.3.4.5.dcm");
    Files.createDirectories(stranger.getParent());
    Files.copy(file, stranger);
    Files.write(stranger.resolveSibling("1.2.3.4.6.dcm"), new byte[] {1, 2, 3});

    try (GatewayFixture gw = new GatewayFixture(tmp.resolve("gw"), Set.of(), Duration.ofSeconds(30), true, db)) {
      assertThat(gw.reconciliation.unreadableFiles()).isEqualTo(2);
      assertThat(gw.reconciliation.reindexed()).isZero();
      assertThat(gw.index.count()).isZero();
    }
  }

  /** The common start: nothing missing. Must stay a walk plus one query, whatever the store's size. */
  @Test
  void costsLittleWhenNothingIsMissing() throws Exception {
    String db = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    Path root = tmp.resolve("gw");
    byte[] content = Files.readAllBytes(Phantoms.writeStudy(tmp.resolve("out"), 16, 1).allFiles().get(0));
    int series = 100, perSeries = 100;
    try (GatewayFixture gw = new GatewayFixture(root, Set.of(), Duration.ofSeconds(30), false, db)) {
      for (int s = 0; s < series; s++) {
        String study = "1.2.826.0.1.3680043.10.1234.9", seriesUid = study + "." + (s + 1);
        Path dir = Files.createDirectories(gw.store.seriesDirectory(study, seriesUid));
        List<Object[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < perSeries; i++) {
          String sop = seriesUid + "." + (i + 1);
          Files.write(dir.resolve(sop + ".dcm"), content);
          rows.add(new Object[] {sop, "1.2.840.10008.5.1.4.1.1.4", study, seriesUid, "P",
              study + "/" + seriesUid + "/" + sop + ".dcm", content.length, "1.2.840.10008.1.2.1", Timestamp.from(Instant.now())});
        }
        gw.jdbc.batchUpdate("insert into dcm_instance (sop_instance_uid, sop_class_uid, study_instance_uid, series_instance_uid, "
            + "patient_id, storage_path, size_bytes, transfer_syntax_uid, received_at) values (?,?,?,?,?,?,?,?,?)", rows);
      }
      assertThat(gw.index.count()).isEqualTo(series * perSeries);
    }
    long best = Long.MAX_VALUE;
    for (int run = 0; run < 3; run++) {
      try (GatewayFixture gw = new GatewayFixture(root, Set.of(), Duration.ofSeconds(30), false, db)) {
        assertThat(gw.reconciliation.filesSeen()).isEqualTo(series * perSeries);
        assertThat(gw.reconciliation.reindexed()).isZero();
        best = Math.min(best, gw.reconciliation.took().toMillis());
      }
    }
    System.out.printf("Reconciliation of %d indexed files, nothing missing: %d ms%n", series * perSeries, best);
    assertThat(best).as("reconciliation time, ms").isLessThan(2000);
  }
}
