package org.neurofhir.pipeline.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Reference;
import org.neurofhir.dicom.mapping.StudyResources;
import org.neurofhir.dicom.mapping.StudyResourcesLookup;
import org.neurofhir.dicom.series.SeriesCompleteEvent;
import org.neurofhir.dicom.store.IndexedInstance;
import org.neurofhir.dicom.store.InstanceIndex;
import org.neurofhir.dicom.store.InstanceStore;
import org.neurofhir.inference.model.ModelManifest;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.pipeline.fhir.FhirPort;
import org.neurofhir.pipeline.job.IdempotencyKey;
import org.neurofhir.pipeline.job.JobQueue;
import org.neurofhir.pipeline.job.SegmentationJob;
import org.neurofhir.pipeline.task.SegmentationTasks;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A completed series: upsert the study's Patient and ImagingStudy; once the study holds every sequence the model
 * needs (each series quiet for the gateway's quiet period), create the segmentation Task and queue the job.
 * Repeats are harmless: the upsert is conditional, the Task is keyed by study + model + series, the queue dedups.
 */
public class StudyIntake {

  private static final Logger log = LoggerFactory.getLogger(StudyIntake.class);

  /** What one intake did. */
  public record Outcome(String patientId, String imagingStudyId, Optional<String> taskId, boolean jobQueued,
      List<Sequence> missing) {}

  private final FhirPort fhir;
  private final StudyResourcesLookup lookup;
  private final InstanceIndex index;
  private final InstanceStore store;
  private final Duration quietPeriod;
  private final SegmentationTasks tasks;
  private final JobQueue queue;
  private final java.util.function.Supplier<ModelManifest> modelManifest;
  private final Clock clock;

  public StudyIntake(FhirPort fhir, StudyResourcesLookup lookup, InstanceIndex index, InstanceStore store,
      Duration quietPeriod, SegmentationTasks tasks, JobQueue queue, java.util.function.Supplier<ModelManifest> model, Clock clock) {
    this.fhir = fhir;
    this.lookup = lookup;
    this.index = index;
    this.store = store;
    this.quietPeriod = quietPeriod;
    this.tasks = tasks;
    this.queue = queue;
    this.modelManifest = model;
    this.clock = clock;
  }

  public Optional<Outcome> onSeriesComplete(SeriesCompleteEvent event) {
    Optional<StudyResources> found = lookup.forStudy(event.studyInstanceUid());
    if (found.isEmpty()) {
      log.warn("series complete for study {} but the index holds none of its instances", event.studyInstanceUid());
      return Optional.empty();
    }
    StudyResources resources = found.get();
    ModelManifest model = modelManifest.get();
    Bundle response = fhir.transaction(resources.toTransactionBundle());
    String patientId = new IdType(response.getEntry().get(0).getResponse().getLocation()).getIdPart();
    String studyId = new IdType(response.getEntry().get(1).getResponse().getLocation()).getIdPart();

    Map<Sequence, ImagingStudy.ImagingStudySeriesComponent> chosen = seriesBySequence(resources.imagingStudy());
    List<Sequence> missing = model.input().channels().stream().filter(s -> !chosen.containsKey(s)).toList();
    if (!missing.isEmpty()) {
      log.info("study {} stored as ImagingStudy/{}; waiting for {}", event.studyInstanceUid(), studyId, missing);
      return Optional.of(new Outcome(patientId, studyId, Optional.empty(), false, missing));
    }
    Map<Sequence, String> seriesUids = new EnumMap<>(Sequence.class);
    Map<Sequence, String> directories = new EnumMap<>(Sequence.class);
    Map<Sequence, Reference> inputs = new EnumMap<>(Sequence.class);
    for (Sequence s : model.input().channels()) {
      String uid = chosen.get(s).getUid();
      if (!quiet(uid)) {
        log.info("study {}: {} series {} still receiving; its own completion will queue the job",
            event.studyInstanceUid(), s, uid);
        return Optional.of(new Outcome(patientId, studyId, Optional.empty(), false, List.of()));
      }
      seriesUids.put(s, uid);
      directories.put(s, store.seriesDirectory(event.studyInstanceUid(), uid).toAbsolutePath().toString());
      inputs.put(s, new Reference("ImagingStudy/" + studyId).setDisplay(s.code() + " series " + uid));
    }
    String key = IdempotencyKey.of(event.studyInstanceUid(), model.id(), model.version(), seriesUids);
    SegmentationTasks.TaskHandle task = tasks.createOrFind(key, new Reference("Patient/" + patientId),
        new Reference("ImagingStudy/" + studyId), inputs);
    boolean queued = false;
    if (task.created() || queue.deduplicates()) {
      Instant effective = resources.imagingStudy().hasStarted()
          ? resources.imagingStudy().getStarted().toInstant() : clock.instant();
      queued = queue.enqueue(new SegmentationJob(task.taskId(), key, model.id(), patientId, studyId, directories,
          Map.of(), effective));
    }
    MDC.put("taskId", task.taskId());
    try {
      log.info("study {}: Task/{} {}, job {}", event.studyInstanceUid(), task.taskId(),
          task.created() ? "created" : "already exists", queued ? "queued" : "not queued again");
    } finally {
      MDC.remove("taskId");
    }
    return Optional.of(new Outcome(patientId, studyId, Optional.of(task.taskId()), queued, List.of()));
  }

  /** Per sequence the series to use: the one with most instances, then the highest series number (a repeat scan). */
  public static Map<Sequence, ImagingStudy.ImagingStudySeriesComponent> seriesBySequence(ImagingStudy study) {
    Map<Sequence, ImagingStudy.ImagingStudySeriesComponent> chosen = new EnumMap<>(Sequence.class);
    Comparator<ImagingStudy.ImagingStudySeriesComponent> better = Comparator
        .comparingInt(ImagingStudy.ImagingStudySeriesComponent::getNumberOfInstances)
        .thenComparingInt(ImagingStudy.ImagingStudySeriesComponent::getNumber);
    for (ImagingStudy.ImagingStudySeriesComponent series : study.getSeries()) {
      Extension ext = series.getExtensionByUrl(NeuroFhirCanonical.EXT_MR_SEQUENCE_TYPE);
      if (ext == null || !(ext.getValue() instanceof org.hl7.fhir.r4.model.Coding coding)) {
        continue;
      }
      Sequence sequence;
      try {
        sequence = Sequence.fromCode(coding.getCode());
      } catch (IllegalArgumentException otherSequence) {
        continue; // OTHER (localiser, DWI, ...) is not a model input
      }
      chosen.merge(sequence, series, (a, b) -> better.compare(a, b) >= 0 ? a : b);
    }
    return chosen;
  }

  private boolean quiet(String seriesUid) {
    Instant last = index.findBySeries(seriesUid).stream().map(IndexedInstance::receivedAt)
        .max(Comparator.naturalOrder()).orElse(Instant.MIN);
    return !last.plus(quietPeriod).isAfter(clock.instant());
  }
}
