package org.neurofhir.dicom.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import liquibase.integration.spring.SpringLiquibase;
import org.neurofhir.dicom.Phantoms;
import org.neurofhir.dicom.airesult.AiResultRequest;
import org.neurofhir.dicom.airesult.AiResultsPublisher;
import org.neurofhir.dicom.airesult.LabelVolume;
import org.neurofhir.dicom.airesult.StoredAiResults;
import org.neurofhir.dicom.store.InstanceIndex;
import org.neurofhir.dicom.store.InstanceStore;
import org.neurofhir.dicom.synthetic.SyntheticSeries;
import org.neurofhir.dicom.synthetic.UidGenerator;
import org.neurofhir.dicom.synthetic.WrittenStudy;
import org.neurofhir.dicom.toolkit.PixelmedFileReader;
import org.neurofhir.dicom.toolkit.PixelmedFileWriter;
import org.neurofhir.dicom.volume.SeriesVolume;
import org.neurofhir.dicom.volume.SeriesVolumeReader;
import org.neurofhir.profiles.TumourRegion;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SEG + SR creation per study on the BraTS grid (240 x 240 x 155 FLAIR, three nested regions): headers read,
 * both objects encoded, written, fsync'd and indexed (H2 file index), as the pipeline does after each job. One
 * warm-up, then {@code bench.runs} (default 5) publications with new keys. Prints one JSON object.
 */
public final class AiResultsBenchmark {
  private AiResultsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = Integer.getInteger("bench.runs", 5);
    Path dir = Files.createTempDirectory("ai-results-bench");
    try (HikariDataSource ds = new HikariDataSource()) {
      ds.setJdbcUrl("jdbc:h2:file:" + dir.resolve("index") + ";DB_CLOSE_DELAY=-1");
      SpringLiquibase liquibase = new SpringLiquibase();
      liquibase.setDataSource(ds);
      liquibase.setChangeLog("classpath:db/changelog/dicom-gateway.yaml");
      liquibase.afterPropertiesSet();
      PixelmedFileReader reader = new PixelmedFileReader();
      InstanceStore store = new InstanceStore(dir.resolve("store"), new InstanceIndex(new JdbcTemplate(ds)), true, Clock.systemUTC());
      WrittenStudy study = Phantoms.writer().write(dir.resolve("written"), Phantoms.PATIENT,
          List.of(new SyntheticSeries("FLAIR axial", Phantoms.volume(240, 155, 4))));
      for (Path f : study.allFiles()) {
        Path staged = Files.createDirectories(store.stagingDirectory()).resolve(UUID.randomUUID() + ".dcm");
        Files.copy(f, staged);
        store.store(staged, reader.readCompleteHeader(staged), "1.2.840.10008.1.2.1", "BENCH");
      }
      Path flairDir = store.seriesDirectory(study.studyInstanceUid(), study.series().get(0).seriesInstanceUid());
      SeriesVolume flair = new SeriesVolumeReader(reader).read(flairDir);
      byte[] labels = new byte[flair.voxels().length];
      for (int z = 0; z < flair.slices(); z++) {
        for (int y = 0; y < flair.rows(); y++) {
          for (int x = 0; x < flair.columns(); x++) {
            double dx = (x - 144) * 0.9, dy = (y - 108) * 0.9, dz = (z - 77) * 2.5;
            double r = Math.sqrt(dx * dx + dy * dy + dz * dz);
            labels[(z * flair.rows() + y) * flair.columns() + x] = (byte) (r < 8 ? 1 : r < 14 ? 4 : r < 30 ? 2 : 0);
          }
        }
      }
      AiResultsPublisher publisher = new AiResultsPublisher(reader, new PixelmedFileWriter(), store, new UidGenerator(""), Clock.systemUTC());
      Map<Integer, TumourRegion> regions = Map.of(1, TumourRegion.NECROTIC_CORE, 2, TumourRegion.OEDEMA, 4, TumourRegion.ENHANCING_TUMOUR);
      LabelVolume volume = new LabelVolume(flair.columns(), flair.rows(), flair.slices(), labels, flair.origin());
      double[] ms = new double[runs];
      StoredAiResults last = null;
      for (int i = -1; i < runs; i++) {
        long t0 = System.nanoTime();
        last = publisher.publish(new AiResultRequest(UUID.randomUUID().toString(), flairDir, volume, regions, "brats-phantom-unet2d", "1.0.0"));
        if (i >= 0) ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(ms);
      long segBytes = Files.size(store.seriesDirectory(last.studyInstanceUid(), last.segmentationSeriesUid())
          .resolve(last.segmentationSopInstanceUid() + ".dcm"));
      long srBytes = Files.size(store.seriesDirectory(last.studyInstanceUid(), last.reportSeriesUid())
          .resolve(last.reportSopInstanceUid() + ".dcm"));
      System.out.printf(Locale.ROOT,
          "{\"benchmark\":\"ai-results\",\"grid\":\"240x240x155\",\"runs\":%d,\"median_ms\":%.0f,\"min_ms\":%.0f,\"max_ms\":%.0f,"
              + "\"seg_bytes\":%d,\"sr_bytes\":%d,\"fsync\":true,\"cores\":%d}%n",
          runs, ms[runs / 2], ms[0], ms[runs - 1], segBytes, srBytes, Runtime.getRuntime().availableProcessors());
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
