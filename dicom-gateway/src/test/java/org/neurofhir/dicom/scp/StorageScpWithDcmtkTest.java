package org.neurofhir.dicom.scp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.dicom.Dcmtk;
import org.neurofhir.dicom.GatewayFixture;
import org.neurofhir.dicom.Phantoms;
import org.neurofhir.dicom.mapping.ImagingStudyMapper;
import org.neurofhir.dicom.mapping.SequenceTypeClassifier;
import org.neurofhir.dicom.mapping.StudyResources;
import org.neurofhir.dicom.mapping.StudyResourcesLookup;
import org.neurofhir.dicom.series.SeriesCompleteEvent;
import org.neurofhir.dicom.synthetic.WrittenStudy;
import org.neurofhir.dicom.toolkit.PixelmedFileReader;
import org.neurofhir.dicom.volume.SeriesVolume;
import org.neurofhir.dicom.volume.SeriesVolumeReader;
import org.neurofhir.profiles.MrSequenceType;
import org.neurofhir.profiles.NeuroFhirCanonical;

/** The SCP against DCMTK's echoscu/storescu (default socket settings), with a real H2 index and file store. */
class StorageScpWithDcmtkTest {
  @TempDir Path tmp;
  GatewayFixture gw;

  @BeforeEach
  void start() throws Exception {
    gw = new GatewayFixture(tmp, Set.of(), Duration.ofMillis(300));
  }

  @AfterEach
  void stop() throws Exception {
    gw.close();
  }

  @Test
  void answersEcho() throws Exception {
    Dcmtk.Result r = Dcmtk.echoscu(GatewayFixture.AE, "ECHOSCU", gw.port());
    assertThat(r.exitCode()).as(r.output()).isZero();
  }

  @Test
  void storesFourSeriesStudyAndPublishesOneCompleteEventPerSeries() throws Exception {
    WrittenStudy study = Phantoms.writeStudy(tmp.resolve("out"), 24, 6);

    Dcmtk.Result r = Dcmtk.storescu(GatewayFixture.AE, "STORESCU", gw.port(), study.allFiles());

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(gw.index.count()).isEqualTo(24);
    assertThat(gw.index.findByStudy(study.studyInstanceUid())).hasSize(24)
        .allSatisfy(i -> assertThat(gw.store.pathOf(i)).isRegularFile());
    List<SeriesCompleteEvent> events = new ArrayList<>();
    for (int i = 0; i < 4; i++) events.add(gw.events.poll(10, TimeUnit.SECONDS));
    assertThat(events).doesNotContainNull();
    assertThat(events).extracting(SeriesCompleteEvent::sequenceType)
        .containsExactlyInAnyOrder(MrSequenceType.T1, MrSequenceType.T1CE, MrSequenceType.T2, MrSequenceType.FLAIR);
    assertThat(events).allSatisfy(e -> {
      assertThat(e.instanceCount()).isEqualTo(6);
      assertThat(e.studyInstanceUid()).isEqualTo(study.studyInstanceUid());
      assertThat(e.patientId()).isEqualTo("PAT-0001");
      assertThat(e.callingAeTitle()).isEqualTo("STORESCU");
      assertThat(e.seriesDirectory()).isDirectory();
    });

    // What the pipeline does next: read a series back as a volume...
    SeriesCompleteEvent flair = events.stream().filter(e -> e.sequenceType() == MrSequenceType.FLAIR).findFirst().orElseThrow();
    SeriesVolume v = new SeriesVolumeReader(new PixelmedFileReader()).read(flair.seriesDirectory());
    float[] sent = Phantoms.volume(24, 6, 4).voxels();
    assertThat(v.slices()).isEqualTo(6);
    for (int i = 0; i < sent.length; i++) assertThat(v.voxels()[i]).isCloseTo(sent[i], org.assertj.core.data.Offset.offset(0.01f));
    assertThat(v.spacing()).containsExactly(0.9, 0.9, 2.5);

    // ...and map the study to FHIR.
    StudyResources fhir = new StudyResourcesLookup(gw.index,
        new ImagingStudyMapper(SequenceTypeClassifier.builtIn(), null, null, java.time.ZoneOffset.UTC))
        .forStudy(study.studyInstanceUid()).orElseThrow();
    ImagingStudy is = fhir.imagingStudy();
    assertThat(is.getNumberOfSeries()).isEqualTo(4);
    assertThat(is.getNumberOfInstances()).isEqualTo(24);
    assertThat(is.getMeta().hasProfile(NeuroFhirCanonical.PROFILE_MR_BRAIN_IMAGING_STUDY)).isTrue();
    assertThat(fhir.patient().getIdentifierFirstRep().getValue()).isEqualTo("PAT-0001");
  }

  @Test
  void reSendingAStudyIsIdempotent() throws Exception {
    WrittenStudy study = Phantoms.writeStudy(tmp.resolve("out"), 16, 3);
    assertThat(Dcmtk.storescu(GatewayFixture.AE, "STORESCU", gw.port(), study.allFiles()).exitCode()).isZero();
    long files = gw.storedFileCount();

    Dcmtk.Result again = Dcmtk.storescu(GatewayFixture.AE, "STORESCU", gw.port(), study.allFiles());

    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(gw.index.count()).isEqualTo(12);
    assertThat(gw.storedFileCount()).isEqualTo(files).isEqualTo(12);
  }

  @Test
  void rejectsAssociationForWrongCalledAeTitle() throws Exception {
    WrittenStudy study = Phantoms.writeStudy(tmp.resolve("out"), 16, 2);

    Dcmtk.Result r = Dcmtk.storescu("SOMEONE_ELSE", "STORESCU", gw.port(), study.allFiles());

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).containsIgnoringCase("Called AE Title Not Recognized");
    assertThat(gw.index.count()).isZero();
  }

  @Test
  void rejectsCallingAeTitleNotInAllowList() throws Exception {
    gw.close();
    gw = new GatewayFixture(tmp.resolve("allow"), Set.of("PACS1"), Duration.ofMillis(300));

    assertThat(Dcmtk.echoscu(GatewayFixture.AE, "PACS1", gw.port()).exitCode()).isZero();
    Dcmtk.Result r = Dcmtk.echoscu(GatewayFixture.AE, "INTRUDER", gw.port());

    assertThat(r.exitCode()).isNotZero();
    assertThat(r.output()).containsIgnoringCase("Calling AE Title Not Recognized");
  }

  @Test
  void rejectsPresentationContextOfUnsupportedSopClass() throws Exception {
    Path file = Phantoms.writeStudy(tmp.resolve("out"), 16, 1).allFiles().get(0);
    // RT Plan Storage: not something this gateway accepts.
    Dcmtk.dcmodify(file, "-m", "(0008,0016)=1.2.840.10008.5.1.4.1.1.481.5");

    Dcmtk.Result r = Dcmtk.storescu(GatewayFixture.AE, "STORESCU", gw.port(), List.of(file));

    assertThat(r.output()).containsIgnoringCase("no presentation context");
    assertThat(gw.index.count()).isZero();
    assertThat(gw.storedFileCount()).isZero();
  }

  @Test
  void failsInstancesWithoutPatientIdOrStudyUidAndStoresNothingOfThem() throws Exception {
    List<Path> files = Phantoms.writeStudy(tmp.resolve("out"), 16, 3).series().get(0).files();
    Dcmtk.dcmodify(files.get(0), "-ea", "(0010,0020)");
    Dcmtk.dcmodify(files.get(1), "-ea", "(0020,000D)");

    Dcmtk.Result r = Dcmtk.storescu(GatewayFixture.AE, "STORESCU", gw.port(), files);

    assertThat(r.output()).contains("Error: CannotUnderstand");
    assertThat(gw.index.count()).isEqualTo(1); // only the intact third instance
    assertThat(gw.storedFileCount()).isEqualTo(1);
  }

  @Test
  void hostileSeriesUidNeverBecomesAPath() throws Exception {
    Path file = Phantoms.writeStudy(tmp.resolve("out"), 16, 1).allFiles().get(0);
    Dcmtk.dcmodify(file, "-m", "(0020,000E)=../../../../escape");

    Dcmtk.Result r = Dcmtk.storescu(GatewayFixture.AE, "STORESCU", gw.port(), List.of(file));

    assertThat(r.output()).contains("Error: CannotUnderstand");
    assertThat(gw.index.count()).isZero();
    assertThat(gw.storedFileCount()).isZero();
    try (var s = Files.walk(tmp)) {
      assertThat(s.filter(p -> p.getFileName().toString().contains("escape"))).isEmpty();
    }
  }
}
