package org.neurofhir.pipeline.job;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.neurofhir.inference.volume.Sequence;

/**
 * One segmentation to run: the Task that tracks it, where the four input sequences are, and the model. Serialised
 * as JSON into the job queue (database row or RabbitMQ message), so it holds only plain values.
 *
 * @param taskId logical id of the FHIR Task
 * @param idempotencyKey study + model id/version + input series (see {@link IdempotencyKey})
 * @param patientId logical id of the Patient
 * @param imagingStudyId logical id of the ImagingStudy the results derive from
 * @param seriesDirectories DICOM input: stored series folder per sequence (empty for NIfTI input)
 * @param binaryIds NIfTI input: logical id of the Binary per sequence (empty for DICOM input)
 * @param effective when the images were taken (Observation.effective)
 */
public record SegmentationJob(
    String taskId,
    String idempotencyKey,
    String modelId,
    String patientId,
    String imagingStudyId,
    Map<Sequence, String> seriesDirectories,
    Map<Sequence, String> binaryIds,
    Instant effective) {

  public SegmentationJob {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(patientId, "patientId");
    Objects.requireNonNull(imagingStudyId, "imagingStudyId");
    seriesDirectories = seriesDirectories == null || seriesDirectories.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(seriesDirectories));
    binaryIds = binaryIds == null || binaryIds.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(binaryIds));
    effective = effective == null ? Instant.now() : effective;
    if (seriesDirectories.isEmpty() == binaryIds.isEmpty()) {
      throw new IllegalArgumentException("a job takes either DICOM series or NIfTI Binaries as input");
    }
  }

  public boolean fromDicom() {
    return !seriesDirectories.isEmpty();
  }
}
