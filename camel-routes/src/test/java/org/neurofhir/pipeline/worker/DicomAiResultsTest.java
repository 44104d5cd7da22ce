package org.neurofhir.pipeline.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import liquibase.integration.spring.SpringLiquibase;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.dicom.airesult.AiResultsPublisher;
import org.neurofhir.dicom.airesult.StoredAiResults;
import org.neurofhir.dicom.store.InstanceIndex;
import org.neurofhir.dicom.store.InstanceStore;
import org.neurofhir.dicom.synthetic.SyntheticPatient;
import org.neurofhir.dicom.synthetic.SyntheticSeries;
import org.neurofhir.dicom.synthetic.SyntheticStudyWriter;
import org.neurofhir.dicom.synthetic.UidGenerator;
import org.neurofhir.dicom.synthetic.VoxelVolume;
import org.neurofhir.dicom.synthetic.WrittenStudy;
import org.neurofhir.dicom.toolkit.DecodedMeasurementReport;
import org.neurofhir.dicom.toolkit.DecodedSegmentation;
import org.neurofhir.dicom.toolkit.PixelmedFileReader;
import org.neurofhir.dicom.toolkit.PixelmedFileWriter;
import org.neurofhir.dicom.volume.SeriesVolume;
import org.neurofhir.dicom.volume.SeriesVolumeReader;
import org.neurofhir.inference.model.ModelManifest;
import org.neurofhir.inference.model.ModelRegistry;
import org.neurofhir.inference.phantom.Phantom;
import org.neurofhir.inference.phantom.PhantomGenerator;
import org.neurofhir.inference.phantom.PhantomSpec;
import org.neurofhir.inference.segmentation.SegmentationResult;
import org.neurofhir.inference.volume.LabelMap;
import org.neurofhir.inference.volume.MrVolume;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.inference.volume.VolumeGrid;
import org.neurofhir.pipeline.job.SegmentationJob;
import org.neurofhir.profiles.TumourRegion;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A DICOM job's label map (on the model's input grid, as the worker has it) becomes SEG + SR in the store whose
 * frames land on the FLAIR series' own slices and whose volumes are the label map's.
 */
class DicomAiResultsTest {
  private static final List<Sequence> ALL = List.of(Sequence.T1, Sequence.T1CE, Sequence.T2, Sequence.FLAIR);

  @Test
  void labelMapOnTheModelGridIsPublishedAgainstTheFlairSeries(@TempDir Path tmp) throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:seg-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    SpringLiquibase liquibase = new SpringLiquibase();
    liquibase.setDataSource(ds);
    liquibase.setChangeLog("classpath:db/changelog/dicom-gateway.yaml");
    liquibase.setResourceLoader(new DefaultResourceLoader());
    liquibase.afterPropertiesSet();
    PixelmedFileReader reader = new PixelmedFileReader();
    InstanceStore store = new InstanceStore(tmp.resolve("store"), new InstanceIndex(new JdbcTemplate(ds)), false, Clock.systemUTC());

    Phantom p = new PhantomGenerator().generate(PhantomSpec.fieldOfView(48, 24, 5));
    VolumeGrid g = p.volume().grid();
    double[] spacing = {g.spacingX(), g.spacingY(), g.spacingZ()};
    double[] origin = {-(g.nx() - 1) * spacing[0] / 2, -(g.ny() - 1) * spacing[1] / 2, -(g.nz() - 1) * spacing[2] / 2};
    WrittenStudy study = new SyntheticStudyWriter(new PixelmedFileWriter(), new UidGenerator(""), Clock.systemUTC(), "TEST")
        .write(tmp.resolve("written"), new SyntheticPatient("P1", "Phantom^Test", "19700101", "F", "MR", "A1"),
            ALL.stream().map(s -> new SyntheticSeries(s.code(),
                new VoxelVolume(g.nx(), g.ny(), g.nz(), p.volume().channel(s), spacing, origin))).toList());
    Map<Sequence, String> dirs = new EnumMap<>(Sequence.class);
    for (int i = 0; i < ALL.size(); i++) {
      for (Path f : study.series().get(i).files()) {
        Path staged = Files.createDirectories(store.stagingDirectory()).resolve(UUID.randomUUID() + ".dcm");
        Files.copy(f, staged);
        store.store(staged, reader.readCompleteHeader(staged), "1.2.840.10008.1.2.1", "TEST");
      }
      dirs.put(ALL.get(i), store.seriesDirectory(study.studyInstanceUid(), study.series().get(i).seriesInstanceUid()).toString());
    }

    ModelManifest manifest = ModelRegistry.withDefaults().manifest("brats-phantom-unet2d");
    MrVolume input = new VolumeAssembler(new SeriesVolumeReader(reader)).fromSeries(dirs, manifest.input().channels());
    LabelMap labels = new LabelMap(input.grid(), p.truth().labels());
    SegmentationResult result = new SegmentationResult(manifest.id(), manifest.version(), labels,
        new float[labels.labels().length], Map.of(), manifest.classes(), 0);
    SegmentationJob job = new SegmentationJob("task-1", "key-" + UUID.randomUUID(), manifest.id(), "pat", "study", dirs, Map.of(),
        Instant.now());

    StoredAiResults stored = new DicomAiResults(new AiResultsPublisher(reader, new PixelmedFileWriter(), store,
        new UidGenerator(""), Clock.systemUTC())).publish(job, manifest, result);

    SeriesVolume flair = new SeriesVolumeReader(reader).read(Path.of(dirs.get(Sequence.FLAIR)));
    DecodedSegmentation seg = reader.readSegmentation(
        store.seriesDirectory(stored.studyInstanceUid(), stored.segmentationSeriesUid()).resolve(stored.segmentationSopInstanceUid() + ".dcm"));
    int plane = flair.columns() * flair.rows();
    byte[] decoded = new byte[labels.labels().length];
    Map<Integer, Integer> labelOfSegment = Map.of(1, 1, 2, 2, 3, 4);
    for (DecodedSegmentation.Frame f : seg.frames()) {
      int slice = flair.sopInstanceUids().indexOf(f.sourceSopInstanceUid());
      assertThat(slice).as("frame derived from a FLAIR slice").isNotNegative();
      f.pixels().stream().forEach(px -> decoded[slice * plane + px] = (byte) (int) labelOfSegment.get(f.segmentNumber()));
    }
    assertThat(decoded).isEqualTo(labels.labels());

    DecodedMeasurementReport sr = reader.readMeasurementReport(
        store.seriesDirectory(stored.studyInstanceUid(), stored.reportSeriesUid()).resolve(stored.reportSopInstanceUid() + ".dcm"));
    assertThat(sr.sourceSeriesInstanceUid()).isEqualTo(study.series().get(3).seriesInstanceUid());
    double voxelCm3 = input.grid().voxelVolumeMm3() / 1000;
    for (DecodedMeasurementReport.Measurement m : sr.measurements()) {
      int label = switch (TumourRegion.fromCode(m.finding().value())) {
        case NECROTIC_CORE -> 1;
        case OEDEMA -> 2;
        default -> 4;
      };
      assertThat(labels.count(label)).isPositive();
      assertThat(m.volumeCm3()).isCloseTo(labels.count(label) * voxelCm3, org.assertj.core.api.Assertions.within(1e-6));
    }
  }
}
