package org.neurofhir.pipeline.worker;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Task;
import org.neurofhir.inference.model.ModelLoadException;
import org.neurofhir.inference.model.ModelManifest;
import org.neurofhir.inference.model.ModelRegistry;
import org.neurofhir.inference.segmentation.SegmentationResult;
import org.neurofhir.inference.segmentation.UNetSegmenter;
import org.neurofhir.inference.volume.InvalidVolumeException;
import org.neurofhir.inference.volume.MrVolume;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.pipeline.fhir.FhirPort;
import org.neurofhir.pipeline.job.SegmentationJob;
import org.neurofhir.pipeline.metrics.PipelineMetrics;
import org.neurofhir.pipeline.results.PriorSegmentation;
import org.neurofhir.pipeline.results.SegmentationResultsBundle;
import org.neurofhir.pipeline.task.JobStage;
import org.neurofhir.pipeline.task.SegmentationTasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one segmentation job: inputs → model → one results transaction that also completes the Task. A job whose
 * Task has already ended is skipped, so a redelivered or re-claimed job never writes twice. Bad input throws
 * {@link PermanentJobFailure}; anything else is worth retrying (database or FHIR server busy, restarting).
 */
public class SegmentationWorker {

  private static final Logger log = LoggerFactory.getLogger(SegmentationWorker.class);

  /** What a run did; stage times for the benchmark. */
  public record Run(boolean skipped, Map<JobStage, Duration> stageTimes) {}

  private final FhirPort fhir;
  private final SegmentationTasks tasks;
  private final ModelRegistry models;
  private final VolumeAssembler assembler;
  private final PipelineMetrics metrics;
  private final String softwareVersion;
  private final Clock clock;
  private final DicomAiResults dicomResults;

  public SegmentationWorker(FhirPort fhir, SegmentationTasks tasks, ModelRegistry models, VolumeAssembler assembler,
      PipelineMetrics metrics, String softwareVersion, Clock clock) {
    this(fhir, tasks, models, assembler, metrics, softwareVersion, clock, null);
  }

  /** {@code dicomResults}: null where no DICOM store is here (a remote worker): no SEG/SR then. */
  public SegmentationWorker(FhirPort fhir, SegmentationTasks tasks, ModelRegistry models, VolumeAssembler assembler,
      PipelineMetrics metrics, String softwareVersion, Clock clock, DicomAiResults dicomResults) {
    this.dicomResults = dicomResults;
    this.fhir = fhir;
    this.tasks = tasks;
    this.models = models;
    this.assembler = assembler;
    this.metrics = metrics;
    this.softwareVersion = softwareVersion;
    this.clock = clock;
  }

  public Run process(SegmentationJob job) {
    MDC.put("taskId", job.taskId());
    try {
      return run(job);
    } finally {
      MDC.remove("taskId");
    }
  }

  private Run run(SegmentationJob job) {
    Task task = tasks.read(job.taskId());
    if (SegmentationTasks.isEnded(task)) {
      log.info("Task/{} is already {}: job {} skipped", job.taskId(), task.getStatus().toCode(), job.idempotencyKey());
      return new Run(true, Map.of());
    }
    metrics.started();
    Map<JobStage, Duration> times = new EnumMap<>(JobStage.class);
    long t0 = System.nanoTime();

    tasks.moveTo(job.taskId(), JobStage.PREPROCESSING);
    ModelManifest manifest;
    try {
      manifest = models.manifest(job.modelId());
    } catch (ModelLoadException e) {
      throw new PermanentJobFailure("model '" + job.modelId() + "' cannot be loaded: " + e.getMessage(), e);
    }
    MrVolume volume = job.fromDicom()
        ? assembler.fromSeries(job.seriesDirectories(), manifest.input().channels())
        : assembler.fromNifti(fetchBinaries(job), manifest.input().channels());
    long t1 = mark(times, JobStage.PREPROCESSING, t0);

    tasks.moveTo(job.taskId(), JobStage.INFERRING);
    SegmentationResult result;
    try {
      result = new UNetSegmenter(models.get(job.modelId())).segment(volume);
    } catch (InvalidVolumeException e) {
      throw new PermanentJobFailure("the model cannot segment these images: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during inference (shutting down); the job will be retried", e);
    }
    long t2 = mark(times, JobStage.INFERRING, t1);

    Task current = tasks.moveTo(job.taskId(), JobStage.WRITING);
    // Before the FHIR transaction completes the Task: a failure here retries the job, and the SEG/SR UIDs derive
    // from the job key, so a retry replaces the same instances.
    if (job.fromDicom() && dicomResults != null) dicomResults.publish(job, manifest, result);
    Optional<PriorSegmentation> prior = PriorSegmentation.find(fhir, job.patientId(), job.effective(), job.idempotencyKey());
    Bundle tx = SegmentationResultsBundle.build(job, current, manifest, result, result.labelMapNifti(true),
        result.overlayPng(volume), prior, softwareVersion, clock.instant());
    fhir.transaction(tx);
    long t3 = mark(times, JobStage.WRITING, t2);
    metrics.succeeded(Duration.ofNanos(t3 - t0));
    log.info("Task/{} completed: whole tumour {} cm3 in {} ms (preprocessing {} ms, inference {} ms, writing {} ms){}",
        job.taskId(), String.format("%.2f", result.volumeCm3(org.neurofhir.inference.volumetrics.TumourRegion.WHOLE_TUMOUR)),
        (t3 - t0) / 1_000_000, times.get(JobStage.PREPROCESSING).toMillis(), times.get(JobStage.INFERRING).toMillis(),
        times.get(JobStage.WRITING).toMillis(), prior.map(p -> ", compared with DiagnosticReport/" + p.reportId()).orElse(""));
    return new Run(false, times);
  }

  private long mark(Map<JobStage, Duration> times, JobStage stage, long since) {
    long now = System.nanoTime();
    Duration d = Duration.ofNanos(now - since);
    times.put(stage, d);
    metrics.stage(stage, d);
    return now;
  }

  private Map<Sequence, byte[]> fetchBinaries(SegmentationJob job) {
    Map<Sequence, byte[]> files = new EnumMap<>(Sequence.class);
    job.binaryIds().forEach((s, id) -> files.put(s, fhir.read(Binary.class, id)
        .orElseThrow(() -> new PermanentJobFailure("the " + s.code() + " input Binary/" + id + " no longer exists", null))
        .getData()));
    return files;
  }
}
