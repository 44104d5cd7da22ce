package org.neurofhir.server.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Reference;
import org.neurofhir.dicom.synthetic.SyntheticPatient;
import org.neurofhir.dicom.synthetic.SyntheticSeries;
import org.neurofhir.dicom.synthetic.SyntheticStudyWriter;
import org.neurofhir.dicom.synthetic.VoxelVolume;
import org.neurofhir.dicom.synthetic.WrittenStudy;
import org.neurofhir.inference.phantom.Phantom;
import org.neurofhir.inference.volume.LabelMap;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.inference.volume.VolumeGrid;
import org.neurofhir.inference.volumetrics.TumourRegion;
import org.neurofhir.pipeline.job.IdempotencyKey;
import org.neurofhir.pipeline.job.SegmentationJob;
import org.neurofhir.pipeline.task.SegmentationTasks;

/** Phantom studies as DICOM, DCMTK storescu, and profile validation for the pipeline tests. */
public final class PipelineTestSupport {

  /** Series descriptions the gateway's built-in sequence rules recognise. */
  static final Map<Sequence, String> DESCRIPTIONS = Map.of(
      Sequence.T1, "T1 AX", Sequence.T1CE, "T1 AX POST GD", Sequence.T2, "T2 AX", Sequence.FLAIR, "FLAIR AX");


  private PipelineTestSupport() {}

  public static WrittenStudy writeStudy(SyntheticStudyWriter writer, Path dir, SyntheticPatient patient, Phantom phantom)
      throws IOException {
    VolumeGrid g = phantom.volume().grid();
    double[] origin = {-(g.nx() - 1) * g.spacingX() / 2, -(g.ny() - 1) * g.spacingY() / 2, -(g.nz() - 1) * g.spacingZ() / 2};
    List<SyntheticSeries> series = List.of(Sequence.T1, Sequence.T1CE, Sequence.T2, Sequence.FLAIR).stream()
        .map(s -> new SyntheticSeries(DESCRIPTIONS.get(s), new VoxelVolume(g.nx(), g.ny(), g.nz(),
            phantom.volume().channel(s), new double[] {g.spacingX(), g.spacingY(), g.spacingZ()}, origin)))
        .toList();
    return writer.write(dir, patient, series);
  }

  /** DCMTK storescu at its default socket settings (Nagle on), one association, every file under {@code dir}. */
  public static void storescu(int port, Path dir) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("storescu", "-aec", "NEUROFHIR", "+sd", "+r", "-nh", "127.0.0.1",
        Integer.toString(port), dir.toString()).redirectErrorStream(true);
    pb.environment().remove("TCP_NODELAY");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("storescu failed: " + out);
    }
  }

  /** Our own SCU (PixelMed), one association: used where the peer is not what the test is about. */
  static void send(org.neurofhir.dicom.scu.StudySender sender, int port, WrittenStudy study) throws Exception {
    var report = sender.send(new org.neurofhir.dicom.toolkit.RemoteAe("127.0.0.1", port, "NEUROFHIR", "TESTSCU"),
        study.allFiles());
    if (!report.allSucceeded()) {
      throw new IllegalStateException("C-STORE refused: " + report.failures());
    }
  }

  /** Ground-truth volume of a region from the phantom's voxelised label map. */
  static double truthCm3(Phantom phantom, TumourRegion region) {
    LabelMap truth = phantom.truth();
    long n = 0;
    for (byte b : truth.labels()) {
      if (b != 0 && region.contains(b)) n++;
    }
    return n * truth.grid().voxelVolumeMm3() / 1000.0;
  }

  /**
   * A queued segmentation job for a written 4-series study (series in T1, T1CE, T2, FLAIR order), with its Task
   * created the way the intake creates it.
   */
  static SegmentationJob jobFor(SegmentationTasks tasks,
      WrittenStudy study, String patientId, String studyId) {
    Map<Sequence, String> dirs = new EnumMap<>(Sequence.class);
    Map<Sequence, String> uids = new EnumMap<>(Sequence.class);
    Map<Sequence, Reference> inputs = new EnumMap<>(Sequence.class);
    List<Sequence> order = List.of(Sequence.T1, Sequence.T1CE, Sequence.T2, Sequence.FLAIR);
    for (int i = 0; i < 4; i++) {
      WrittenStudy.Series series = study.series().get(i);
      dirs.put(order.get(i), series.files().get(0).getParent().toAbsolutePath().toString());
      uids.put(order.get(i), series.seriesInstanceUid());
      inputs.put(order.get(i), new Reference("ImagingStudy/" + studyId));
    }
    String key = IdempotencyKey.of(study.studyInstanceUid(), "brats-phantom-unet2d", "test", uids);
    String taskId = tasks.createOrFind(key, new Reference("Patient/" + patientId),
        new Reference("ImagingStudy/" + studyId), inputs).taskId();
    return new SegmentationJob(taskId, key, "brats-phantom-unet2d", patientId, studyId, dirs,
        Map.of(), Instant.now());
  }
}
