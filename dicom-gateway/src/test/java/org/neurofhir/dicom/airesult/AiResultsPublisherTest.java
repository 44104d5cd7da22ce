package org.neurofhir.dicom.airesult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.dicom.Dcmtk;
import org.neurofhir.dicom.Phantoms;
import org.neurofhir.dicom.store.InstanceIndex;
import org.neurofhir.dicom.store.InstanceStore;
import org.neurofhir.dicom.synthetic.UidGenerator;
import org.neurofhir.dicom.synthetic.WrittenStudy;
import org.neurofhir.dicom.toolkit.DecodedMeasurementReport;
import org.neurofhir.dicom.toolkit.DecodedSegmentation;
import org.neurofhir.dicom.toolkit.PixelmedFileReader;
import org.neurofhir.dicom.toolkit.PixelmedFileWriter;
import org.neurofhir.dicom.volume.SeriesVolume;
import org.neurofhir.dicom.volume.SeriesVolumeReader;
import org.neurofhir.profiles.TumourRegion;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SEG and SR made from a label volume on a stored synthetic study, checked by DCMTK (dcmdump, dsrdump),
 * dicom3tools' dciodvfy (when installed) and decoded back by our reader.
 */
class AiResultsPublisherTest {
  private static final Map<Integer, TumourRegion> BRATS_LABELS =
      Map.of(1, TumourRegion.NECROTIC_CORE, 2, TumourRegion.OEDEMA, 4, TumourRegion.ENHANCING_TUMOUR);

  @TempDir Path tmp;
  private HikariDataSource dataSource;
  private InstanceIndex index;
  private InstanceStore store;
  private AiResultsPublisher publisher;
  private final PixelmedFileReader reader = new PixelmedFileReader();
  private Path flairDirectory;
  private SeriesVolume flair;

  @BeforeEach
  void storeSyntheticStudy() throws Exception {
    dataSource = new HikariDataSource();
    dataSource.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    SpringLiquibase liquibase = new SpringLiquibase();
    liquibase.setDataSource(dataSource);
    liquibase.setChangeLog("classpath:db/changelog/dicom-gateway.yaml");
    liquibase.afterPropertiesSet();
    index = new InstanceIndex(new JdbcTemplate(dataSource));
    store = new InstanceStore(tmp.resolve("store"), index, false, Clock.systemUTC());
    publisher = new AiResultsPublisher(reader, new PixelmedFileWriter(), store, new UidGenerator("1.2.826.0.1.3680043.10.1234"),
        Clock.systemUTC());
    WrittenStudy study = Phantoms.writeStudy(tmp.resolve("written"), 40, 12);
    for (Path f : study.allFiles()) {
      Path staged = Files.createDirectories(store.stagingDirectory()).resolve(f.getFileName() + UUID.randomUUID().toString());
      Files.copy(f, staged);
      store.store(staged, reader.readCompleteHeader(staged), "1.2.840.10008.1.2.1", "TESTSCU");
    }
    WrittenStudy.Series flairSeries = study.series().get(3);
    flairDirectory = store.seriesDirectory(study.studyInstanceUid(), flairSeries.seriesInstanceUid());
    flair = new SeriesVolumeReader(reader).read(flairDirectory);
  }

  @AfterEach
  void close() {
    dataSource.close();
  }

  @Test
  void segmentationAndReportPassDicomToolsAndDecodeToTheSameLabels() throws Exception {
    byte[] labels = tumourLabels(flair);
    StoredAiResults results = publisher.publish(request(labels, flair.origin()));

    Path seg = stored(results.studyInstanceUid(), results.segmentationSeriesUid(), results.segmentationSopInstanceUid());
    Path sr = stored(results.studyInstanceUid(), results.reportSeriesUid(), results.reportSopInstanceUid());
    assertThat(index.findBySopInstanceUid(results.segmentationSopInstanceUid())).isPresent();
    assertThat(index.findBySopInstanceUid(results.reportSopInstanceUid())).isPresent();
    keepForInspection(seg, "segmentation.dcm");
    keepForInspection(sr, "measurement-report.dcm");
    assertParsesAndValidates(seg);
    assertParsesAndValidates(sr);

    DecodedSegmentation decoded = reader.readSegmentation(seg);
    assertThat(decoded.segmentationType()).isEqualTo("BINARY");
    assertThat(decoded.frameOfReferenceUid()).isEqualTo(reader.readImagePlane(firstFile(flairDirectory)).frameOfReferenceUid());
    assertThat(decoded.segments()).extracting(s -> s.propertyType().value())
        .containsExactly(TumourRegion.NECROTIC_CORE.code(), TumourRegion.OEDEMA.code(), TumourRegion.ENHANCING_TUMOUR.code());
    assertThat(decoded.segments()).allSatisfy(s -> assertThat(s.propertyType().scheme()).isEqualTo(TumourSegmentCodes.DESIGNATOR));
    assertThat(relabel(decoded, flair)).isEqualTo(labels);

    Map<TumourRegion, Double> expected = volumesOf(labels, flair);
    assertThat(results.volumesCm3()).isEqualTo(expected);
    DecodedMeasurementReport report = reader.readMeasurementReport(sr);
    assertThat(report.verificationFlag()).isEqualTo("UNVERIFIED");
    assertThat(report.sourceSeriesInstanceUid()).isEqualTo(reader.readHeader(firstFile(flairDirectory)).seriesInstanceUid());
    assertThat(report.segmentationSopInstanceUid()).isEqualTo(results.segmentationSopInstanceUid());
    for (DecodedMeasurementReport.Measurement m : report.measurements()) {
      assertThat(m.volumeCm3()).isCloseTo(expected.get(TumourSegmentCodes.regionOf(m.finding())), within(1e-6));
    }

    String tree = Dcmtk.run(List.of("dsrdump", "-Ee", sr.toString())).output();
    assertThat(tree).contains("Imaging Measurement Report").contains("UNVERIFIED");
    for (TumourRegion r : BRATS_LABELS.values()) {
      assertThat(tree).contains("\"" + r.code() + "\"");
      assertThat(volumesInTree(tree)).anySatisfy(cm3 -> assertThat(cm3).isCloseTo(expected.get(r), within(1e-6)));
    }
  }

  @Test
  void amendedReportIsVerifiedAndPointsToItsPredecessor() throws Exception {
    StoredAiResults first = publisher.publish(request(tumourLabels(flair), flair.origin()));
    StoredAiResults amended = publisher.amend(first.studyInstanceUid(), first.reportSeriesUid(), first.reportSopInstanceUid(),
        Map.of(TumourRegion.OEDEMA, 12.5), "Doe^Jane^^Dr", "Neuroradiology");

    assertThat(amended.reportSopInstanceUid()).isNotEqualTo(first.reportSopInstanceUid());
    assertThat(amended.reportSeriesUid()).isEqualTo(first.reportSeriesUid());
    Path sr = stored(first.studyInstanceUid(), amended.reportSeriesUid(), amended.reportSopInstanceUid());
    keepForInspection(sr, "measurement-report-amended.dcm");
    assertParsesAndValidates(sr);
    DecodedMeasurementReport report = reader.readMeasurementReport(sr);
    assertThat(report.verificationFlag()).isEqualTo("VERIFIED");
    assertThat(report.verifyingObserverName()).isEqualTo("Doe^Jane^^Dr");
    assertThat(report.predecessorSopInstanceUid()).isEqualTo(first.reportSopInstanceUid());
    assertThat(report.measurements()).anySatisfy(m -> {
      assertThat(m.finding().value()).isEqualTo("oedema");
      assertThat(m.volumeCm3()).isEqualTo(12.5);
    });
    assertThat(report.measurements()).anySatisfy(m -> {
      assertThat(m.finding().value()).isEqualTo("necrotic-core");
      assertThat(m.volumeCm3()).isCloseTo(first.volumesCm3().get(TumourRegion.NECROTIC_CORE), within(1e-6));
    });
    String tree = Dcmtk.run(List.of("dsrdump", sr.toString())).output();
    assertThat(tree).contains("VERIFIED").contains("Doe^Jane").contains("12.5");
    assertThat(reader.readMeasurementReport(stored(first.studyInstanceUid(), first.reportSeriesUid(), first.reportSopInstanceUid()))
        .verificationFlag()).isEqualTo("UNVERIFIED");
  }

  @Test
  void refusesAnEmptyLabelVolumeAndStoresNothing() throws Exception {
    long before = storedFiles();
    assertThatThrownBy(() -> publisher.publish(request(new byte[flair.voxels().length], flair.origin())))
        .isInstanceOf(InvalidAiResultException.class).hasMessageContaining("empty");
    assertThat(storedFiles()).isEqualTo(before);
  }

  @Test
  void publishingTheSameResultAgainReplacesTheSameInstances() throws Exception {
    AiResultRequest request = request(tumourLabels(flair), flair.origin());
    StoredAiResults first = publisher.publish(request);
    long files = storedFiles();
    StoredAiResults again = publisher.publish(request);
    assertThat(again.segmentationSopInstanceUid()).isEqualTo(first.segmentationSopInstanceUid());
    assertThat(again.reportSopInstanceUid()).isEqualTo(first.reportSopInstanceUid());
    assertThat(storedFiles()).isEqualTo(files);
  }

  @Test
  void refusesLabelsOffTheSourceGridAndStoresNothing() throws Exception {
    long before = storedFiles();
    byte[] labels = tumourLabels(flair);
    assertThatThrownBy(() -> publisher.publish(request(labels, new double[] {flair.origin()[0] + 5, flair.origin()[1], flair.origin()[2]})))
        .isInstanceOf(InvalidAiResultException.class).hasMessageContaining("source grid");
    LabelVolume fewerSlices = new LabelVolume(flair.columns(), flair.rows(), flair.slices() - 1,
        java.util.Arrays.copyOf(labels, flair.columns() * flair.rows() * (flair.slices() - 1)), flair.origin());
    assertThatThrownBy(() -> publisher.publish(new AiResultRequest(UUID.randomUUID().toString(), flairDirectory, fewerSlices, BRATS_LABELS, "brats-phantom-unet2d", "1.0.0")))
        .isInstanceOf(InvalidAiResultException.class).hasMessageContaining("40x40x11");
    byte[] unknown = labels.clone();
    unknown[0] = 7;
    assertThatThrownBy(() -> publisher.publish(request(unknown, flair.origin())))
        .isInstanceOf(InvalidAiResultException.class).hasMessageContaining("label value 7");
    assertThat(storedFiles()).isEqualTo(before);
  }

  private AiResultRequest request(byte[] labels, double[] origin) {
    return new AiResultRequest(UUID.randomUUID().toString(), flairDirectory, new LabelVolume(flair.columns(), flair.rows(), flair.slices(), labels, origin),
        BRATS_LABELS, "brats-phantom-unet2d", "1.0.0");
  }

  /** Necrotic core inside enhancing rim inside oedema, around the phantom's tumour, on the FLAIR grid. */
  static byte[] tumourLabels(SeriesVolume v) {
    byte[] labels = new byte[v.voxels().length];
    for (int z = 0; z < v.slices(); z++) {
      for (int y = 0; y < v.rows(); y++) {
        for (int x = 0; x < v.columns(); x++) {
          double dx = x - v.columns() * 0.6, dy = y - v.rows() * 0.45, dz = (z - v.slices() / 2.0) * 2.5;
          double r = Math.sqrt(dx * dx + dy * dy + dz * dz);
          labels[(z * v.rows() + y) * v.columns() + x] = (byte) (r < 2.5 ? 1 : r < 5 ? 4 : r < 9 ? 2 : 0);
        }
      }
    }
    return labels;
  }

  private static byte[] relabel(DecodedSegmentation seg, SeriesVolume v) {
    Map<Integer, Integer> valueOfSegment = Map.of(1, 1, 2, 2, 3, 4); // segments in label order 1, 2, 4
    int plane = v.columns() * v.rows();
    byte[] labels = new byte[v.voxels().length];
    for (DecodedSegmentation.Frame f : seg.frames()) {
      int slice = v.sopInstanceUids().indexOf(f.sourceSopInstanceUid());
      assertThat(slice).isNotNegative();
      f.pixels().stream().forEach(p -> {
        assertThat(labels[slice * plane + p]).as("overlapping segments").isZero();
        labels[slice * plane + p] = (byte) (int) valueOfSegment.get(f.segmentNumber());
      });
    }
    return labels;
  }

  private static Map<TumourRegion, Double> volumesOf(byte[] labels, SeriesVolume v) {
    long[] n = new long[5];
    for (byte b : labels) n[b]++;
    double mm3 = v.spacing()[0] * v.spacing()[1] * v.spacing()[2];
    return Map.of(TumourRegion.NECROTIC_CORE, n[1] * mm3 / 1000, TumourRegion.OEDEMA, n[2] * mm3 / 1000,
        TumourRegion.ENHANCING_TUMOUR, n[4] * mm3 / 1000);
  }

  /** The numbers of dsrdump's {@code <contains NUM:(,,"Volume")="12.3" (cm3,UCUM,...)>} lines. */
  private static List<Double> volumesInTree(String tree) {
    return tree.lines().filter(l -> l.contains("NUM:") && l.contains("\"Volume\")="))
        .map(l -> Double.valueOf(l.replaceAll(".*\"Volume\"\\)=\"([^\"]+)\".*", "$1"))).toList();
  }

  private static void assertParsesAndValidates(Path file) throws Exception {
    Dcmtk.Result dump = Dcmtk.run(List.of("dcmdump", "+E", file.toString()));
    assertThat(dump.exitCode()).as(dump.output()).isZero();
    assertThat(dump.output()).doesNotContain("E: ");
    if (!onPath("dciodvfy")) {
      System.err.println("Assumption: dciodvfy (Debian dicom3tools) not installed; IOD check skipped for " + file.getFileName());
      return;
    }
    Dcmtk.Result iod = Dcmtk.run(List.of("dciodvfy", file.toString()));
    assertThat(iod.output().lines().filter(l -> l.startsWith("Error"))).as(iod.output()).isEmpty();
  }

  /** The objects of the last run stay in target/ai-results for a look with a viewer or dciodvfy. */
  private static void keepForInspection(Path file, String name) throws IOException {
    Path dir = Files.createDirectories(Path.of("target", "ai-results"));
    Files.copy(file, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static boolean onPath(String tool) {
    return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
  }

  private Path stored(String study, String series, String sop) {
    Path p = store.seriesDirectory(study, series).resolve(sop + ".dcm");
    assertThat(p).isRegularFile();
    return p;
  }

  private static Path firstFile(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().findFirst().orElseThrow();
    }
  }

  private long storedFiles() throws IOException {
    try (Stream<Path> s = Files.walk(store.root())) {
      return s.filter(Files::isRegularFile).count();
    }
  }
}
