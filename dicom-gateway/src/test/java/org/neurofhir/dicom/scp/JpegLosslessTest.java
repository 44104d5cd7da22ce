package org.neurofhir.dicom.scp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.dicom.Dcmtk;
import org.neurofhir.dicom.GatewayFixture;
import org.neurofhir.dicom.Phantoms;
import org.neurofhir.dicom.store.IndexedInstance;
import org.neurofhir.dicom.synthetic.SyntheticSeries;
import org.neurofhir.dicom.synthetic.WrittenStudy;
import org.neurofhir.dicom.toolkit.PixelmedFileReader;
import org.neurofhir.dicom.volume.SeriesVolume;
import org.neurofhir.dicom.volume.SeriesVolumeReader;

/**
 * JPEG Lossless SV1 (1.2.840.10008.1.2.4.70) from a real encoder (DCMTK dcmcjpeg) and a real sender
 * (storescu proposing it): accepted, stored as received, and read back into the very same voxels.
 */
class JpegLosslessTest {
  private static final String JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70";
  @TempDir Path tmp;
  GatewayFixture gw;

  @BeforeEach
  void start() throws Exception {
    gw = new GatewayFixture(tmp.resolve("gw"), Set.of(), Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() throws Exception {
    gw.close();
  }

  @Test
  void storesJpegLosslessAsReceivedAndReadsTheSameVolume() throws Exception {
    WrittenStudy study = Phantoms.writer().write(tmp.resolve("plain"), Phantoms.PATIENT,
        List.of(new SyntheticSeries("FLAIR axial", Phantoms.volume(48, 6, 3))));
    List<Path> compressed = new ArrayList<>();
    for (Path f : study.allFiles()) {
      Path out = Files.createDirectories(tmp.resolve("jpeg")).resolve(f.getFileName());
      Dcmtk.Result enc = Dcmtk.run(List.of("dcmcjpeg", "+e1", f.toString(), out.toString())); // +e1: lossless, SV1
      assertThat(enc.exitCode()).as(enc.output()).isZero();
      assertThat(new PixelmedFileReader().readStoredFileHeader(out).transferSyntaxUid()).isEqualTo(JPEG_LOSSLESS_SV1);
      compressed.add(out);
    }

    List<String> cmd = new ArrayList<>(List.of("storescu", "-v", "-xs", "-aec", GatewayFixture.AE, "-aet", "PACS1",
        "127.0.0.1", Integer.toString(gw.port())));
    compressed.forEach(f -> cmd.add(f.toString()));
    Dcmtk.Result r = Dcmtk.run(cmd);

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).doesNotContain("converting").contains("Received Store Response (Success)");
    List<IndexedInstance> rows = gw.index.findByStudy(study.studyInstanceUid());
    assertThat(rows).hasSize(6).allSatisfy(i -> {
      assertThat(i.transferSyntaxUid()).isEqualTo(JPEG_LOSSLESS_SV1);
      assertThat(Files.size(gw.store.pathOf(i))).isLessThan(48 * 48 * 2);
    });
    String series = study.series().get(0).seriesInstanceUid();
    SeriesVolumeReader reader = new SeriesVolumeReader(new PixelmedFileReader());
    SeriesVolume received = reader.read(gw.store.seriesDirectory(study.studyInstanceUid(), series));
    SeriesVolume original = reader.read(study.series().get(0).files());
    assertThat(received.voxels()).containsExactly(original.voxels());
    assertThat(received.sopInstanceUids()).isEqualTo(original.sopInstanceUids());
  }

  @Test
  void jpegLosslessIsNotForcedOnSendersThatOfferUncompressed() throws Exception {
    List<Path> plain = Phantoms.writeStudy(tmp.resolve("plain"), 16, 2).allFiles();

    // +C: one context per SOP class listing JPEG lossless and the uncompressed syntaxes together.
    List<String> cmd = new ArrayList<>(List.of("storescu", "-v", "-xs", "+C", "-aec", GatewayFixture.AE, "127.0.0.1",
        Integer.toString(gw.port())));
    plain.forEach(f -> cmd.add(f.toString()));
    Dcmtk.Result r = Dcmtk.run(cmd);

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(gw.index.count()).isEqualTo(8);
    assertThat(gw.index.findBySopInstanceUid(new PixelmedFileReader().readHeader(plain.get(0)).sopInstanceUid()).orElseThrow()
        .transferSyntaxUid()).isEqualTo("1.2.840.10008.1.2.1");
  }
}
