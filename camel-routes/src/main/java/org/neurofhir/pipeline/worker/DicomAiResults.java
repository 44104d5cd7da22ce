package org.neurofhir.pipeline.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.neurofhir.dicom.airesult.AiResultRequest;
import org.neurofhir.dicom.airesult.AiResultsPublisher;
import org.neurofhir.dicom.airesult.InvalidAiResultException;
import org.neurofhir.dicom.airesult.LabelVolume;
import org.neurofhir.dicom.airesult.StoredAiResults;
import org.neurofhir.inference.model.ModelManifest;
import org.neurofhir.inference.model.OutputClass;
import org.neurofhir.inference.segmentation.SegmentationResult;
import org.neurofhir.inference.volume.Affine;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.inference.volume.VolumeGrid;
import org.neurofhir.pipeline.job.SegmentationJob;
import org.neurofhir.profiles.TumourRegion;

/**
 * A DICOM job's label map as SEG + SR in the gateway's store (new series of the study), for PACS viewers. The
 * label map is on the reference series' grid (FLAIR: {@code VolumeAssembler} resamples the others onto it and the
 * model maps its output back), so it is published against that series.
 */
public class DicomAiResults {
  private final AiResultsPublisher publisher;

  public DicomAiResults(AiResultsPublisher publisher) {
    this.publisher = publisher;
  }

  public StoredAiResults publish(SegmentationJob job, ModelManifest manifest, SegmentationResult result) {
    String reference = referenceSeries(job, manifest);
    VolumeGrid g = result.labelMap().grid();
    Affine a = g.affine();
    // Our affine is RAS; DICOM positions are LPS.
    double[] origin = {-a.get(0, 3), -a.get(1, 3), a.get(2, 3)};
    Map<Integer, TumourRegion> regions = new HashMap<>();
    for (OutputClass c : manifest.classes()) {
      if (c.label() != 0) regions.put(c.label(), TumourRegion.fromCode(c.region()));
    }
    try {
      return publisher.publish(new AiResultRequest(job.idempotencyKey(), Path.of(reference),
          new LabelVolume(g.nx(), g.ny(), g.nz(), result.labelMap().labels(), origin), regions, result.modelId(), result.modelVersion()));
    } catch (InvalidAiResultException e) {
      throw new PermanentJobFailure("the segmentation cannot be stored as DICOM SEG/SR: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("storing DICOM SEG/SR failed; the job will be retried", e);
    }
  }

  private static String referenceSeries(SegmentationJob job, ModelManifest manifest) {
    // The same choice as VolumeAssembler: FLAIR, else the first required sequence in enum order.
    if (manifest.input().channels().contains(Sequence.FLAIR)) return job.seriesDirectories().get(Sequence.FLAIR);
    for (Sequence s : Sequence.values()) {
      if (manifest.input().channels().contains(s)) return job.seriesDirectories().get(s);
    }
    throw new PermanentJobFailure("the model needs no input series", null);
  }
}
