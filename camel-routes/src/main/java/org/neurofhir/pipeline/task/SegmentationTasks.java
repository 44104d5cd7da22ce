package org.neurofhir.pipeline.task;

import java.time.Clock;
import java.util.Date;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.pipeline.fhir.FhirPort;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.profiles.SegmentationTaskCode;

/** Creates segmentation Tasks (once per idempotency key) and moves them through their stages. */
public class SegmentationTasks {

  /** A Task found or created for a job; {@code created} is false when the same job was asked for before. */
  public record TaskHandle(String taskId, boolean created) {}

  private final FhirPort fhir;
  private final Clock clock;

  public SegmentationTasks(FhirPort fhir, Clock clock) {
    this.fhir = fhir;
    this.clock = clock;
  }

  /**
   * Creates the Task (requested, queued) unless one with this idempotency key exists: a conditional create, so
   * two intakes racing on the same study still leave one Task.
   *
   * @param inputs per sequence: what the job reads (a Series Instance UID, or a Binary reference)
   */
  public TaskHandle createOrFind(String idempotencyKey, Reference patient, Reference imagingStudy,
      Map<Sequence, Reference> inputs) {
    Task task = new Task();
    task.getMeta().addProfile(NeuroFhirCanonical.PROFILE_SEGMENTATION_TASK);
    task.addIdentifier(PipelineIdentifiers.job(idempotencyKey));
    task.setStatus(Task.TaskStatus.REQUESTED);
    task.setIntent(Task.TaskIntent.ORDER);
    task.setCode(SegmentationTaskCode.SEGMENT_BRAIN_TUMOUR.toCodeableConcept());
    task.setFocus(imagingStudy.copy());
    task.setFor(patient.copy());
    task.setAuthoredOn(Date.from(clock.instant()));
    task.setLastModified(Date.from(clock.instant()));
    task.setBusinessStatus(JobStage.QUEUED.businessStatus());
    task.addExtension(PipelineIdentifiers.EXT_TASK_PROGRESS, new IntegerType(JobStage.QUEUED.percent()));
    inputs.forEach((seq, ref) -> task.addInput().setType(new CodeableConcept().setText(seq.code())).setValue(ref.copy()));

    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    tx.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(task).getRequest()
        .setMethod(Bundle.HTTPVerb.POST).setUrl("Task").setIfNoneExist(PipelineIdentifiers.jobSearch(idempotencyKey));
    Bundle.BundleEntryResponseComponent response = fhir.transaction(tx).getEntryFirstRep().getResponse();
    String id = new IdType(response.getLocation()).getIdPart();
    return new TaskHandle(id, response.getStatus().startsWith("201"));
  }

  /** Marks the Task in progress at {@code stage}; a Task already ended is left alone. */
  public Task moveTo(String taskId, JobStage stage) {
    Task task = read(taskId);
    if (isEnded(task)) {
      return task;
    }
    task.setStatus(Task.TaskStatus.INPROGRESS);
    task.setBusinessStatus(stage.businessStatus());
    task.getExtension().removeIf(x -> PipelineIdentifiers.EXT_TASK_PROGRESS.equals(x.getUrl()));
    task.addExtension(PipelineIdentifiers.EXT_TASK_PROGRESS, new IntegerType(stage.percent()));
    task.setLastModified(Date.from(clock.instant()));
    if (!task.hasExecutionPeriod()) {
      task.setExecutionPeriod(new Period().setStart(Date.from(clock.instant())));
    }
    return fhir.update(task);
  }

  /** Back to queued while a retry waits, with the reason of the failed attempt. */
  public void requeued(String taskId, int attempt, String reason) {
    Task task = read(taskId);
    if (isEnded(task)) {
      return;
    }
    task.setStatus(Task.TaskStatus.REQUESTED);
    task.setBusinessStatus(JobStage.QUEUED.businessStatus(JobStage.QUEUED.label() + " (attempt " + attempt
        + " failed: " + reason + ")"));
    task.setLastModified(Date.from(clock.instant()));
    fhir.update(task);
  }

  /** Fails the Task with a reason a person can act on. */
  public void fail(String taskId, String reason) {
    Task task = read(taskId);
    if (isEnded(task)) {
      return;
    }
    task.setStatus(Task.TaskStatus.FAILED);
    task.setStatusReason(new CodeableConcept().setText(reason));
    task.setBusinessStatus(JobStage.FAILED.businessStatus());
    task.getExtension().removeIf(x -> PipelineIdentifiers.EXT_TASK_PROGRESS.equals(x.getUrl()));
    task.setLastModified(Date.from(clock.instant()));
    if (task.hasExecutionPeriod()) {
      task.getExecutionPeriod().setEnd(Date.from(clock.instant()));
    }
    fhir.update(task);
  }

  public Task read(String taskId) {
    return fhir.read(Task.class, taskId)
        .orElseThrow(() -> new IllegalStateException("Task/" + taskId + " does not exist (deleted while queued?)"));
  }

  public static boolean isEnded(Task task) {
    return task.getStatus() == Task.TaskStatus.COMPLETED || task.getStatus() == Task.TaskStatus.FAILED
        || task.getStatus() == Task.TaskStatus.CANCELLED;
  }
}
