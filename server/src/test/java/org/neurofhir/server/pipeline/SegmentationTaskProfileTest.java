package org.neurofhir.server.pipeline;

import org.neurofhir.server.support.ProfileValidation;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.dicom.synthetic.SyntheticPatient;
import org.neurofhir.dicom.synthetic.SyntheticStudyWriter;
import org.neurofhir.dicom.synthetic.WrittenStudy;
import org.neurofhir.inference.phantom.PhantomGenerator;
import org.neurofhir.inference.phantom.PhantomSpec;
import org.neurofhir.pipeline.job.SegmentationJob;
import org.neurofhir.pipeline.task.JobStage;
import org.neurofhir.pipeline.task.SegmentationTasks;
import org.neurofhir.pipeline.worker.SegmentationWorker;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.server.support.ServerTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Tasks the pipeline writes conform to the segmentation-task profile of our package: the idempotency
 * identifier, businessStatus coded from segmentation-task-status, and the task-progress extension while it runs.
 */
class SegmentationTaskProfileTest extends ServerTestBase {

  @Autowired SyntheticStudyWriter writer;
  @Autowired SegmentationTasks tasks;
  @Autowired SegmentationWorker worker;

  @Test
  void runningAndCompletedTasksValidateAgainstTheProfile(@TempDir Path tmp) throws Exception {
    SegmentationJob job = job(tmp);

    Task queued = read(job);
    assertThat(queued.getBusinessStatus().getCodingFirstRep().getCode()).isEqualTo("queued");
    assertThat(ProfileValidation.errors(FHIR, queued)).isEmpty();

    tasks.moveTo(job.taskId(), JobStage.INFERRING);
    Task running = read(job);
    assertThat(running.getExtensionByUrl(NeuroFhirCanonical.EXT_TASK_PROGRESS).getValue())
        .isInstanceOfSatisfying(IntegerType.class, p -> assertThat(p.getValue()).isEqualTo(JobStage.INFERRING.percent()));
    assertThat(ProfileValidation.errors(FHIR, running)).isEmpty();

    worker.process(job);
    Task done = read(job);
    assertThat(done.getStatus()).as("statusReason: %s", done.getStatusReason().getText()).isEqualTo(Task.TaskStatus.COMPLETED);
    assertThat(done.getBusinessStatus().getCoding()).singleElement().satisfies(c -> {
      assertThat(c.getSystem()).isEqualTo(NeuroFhirCanonical.CS_SEGMENTATION_TASK_STATUS);
      assertThat(c.getCode()).isEqualTo("completed");
    });
    assertThat(done.getIdentifier()).anySatisfy(i -> assertThat(i.getSystem()).isEqualTo(NeuroFhirCanonical.IDENTIFIER_SEGMENTATION_JOB));
    assertThat(ProfileValidation.errors(FHIR, done)).isEmpty();

    // The server's own validator agrees: $validate checks the profiles the Task claims in meta.profile (the
    // Parameters body is unwrapped by ValidateParametersInterceptor: HAPI 8.8 would validate the wrapper).
    assertThat(done.getMeta().getProfile()).anyMatch(p -> NeuroFhirCanonical.PROFILE_SEGMENTATION_TASK.equals(p.getValue()));
    OperationOutcome outcome = client.operation().onType(Task.class).named("$validate")
        .withParameter(Parameters.class, "resource", done)
        .returnResourceType(OperationOutcome.class).execute();
    assertThat(outcome.getIssue().stream()
        .filter(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR || i.getSeverity() == OperationOutcome.IssueSeverity.FATAL)
        .map(i -> i.getExpression() + ": " + i.getDiagnostics()).toList()).isEmpty();
  }

  @Test
  void profileRefusesATaskWithoutJobKeyWithUnknownStageOrProgressOver100(@TempDir Path tmp) throws Exception {
    SegmentationJob job = job(tmp);
    Task task = read(job);
    task.getIdentifier().clear();
    task.getBusinessStatus().getCodingFirstRep().setCode("thinking");
    task.getExtensionByUrl(NeuroFhirCanonical.EXT_TASK_PROGRESS).setValue(new IntegerType(150));

    List<String> errors = ProfileValidation.errors(FHIR, task);
    assertThat(errors).anyMatch(e -> e.contains("Task.identifier:segmentationJob"));
    assertThat(errors).anyMatch(e -> e.startsWith("Task.businessStatus") && e.contains("thinking"));
    assertThat(errors).anyMatch(e -> e.startsWith("Task.extension[0].value") && e.contains("greater than permitted maximum"));
  }

  private Task read(SegmentationJob job) {
    return client.read().resource(Task.class).withId(job.taskId()).execute();
  }

  /** A Patient, an ImagingStudy and a queued Task over a small phantom written as DICOM. */
  private SegmentationJob job(Path tmp) throws Exception {
    WrittenStudy study = PipelineTestSupport.writeStudy(writer, tmp.resolve("study"),
        new SyntheticPatient(unique("TSK"), "Phantom^Task", "19700101", "F", "MR", "A"),
        new PhantomGenerator().generate(PhantomSpec.fieldOfView(64, 32, 51)));
    String patientId = client.create().resource(new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Phantom")))
        .execute().getId().getIdPart();
    String studyId = client.create().resource(new ImagingStudy().setStatus(ImagingStudy.ImagingStudyStatus.AVAILABLE)
        .setSubject(new Reference("Patient/" + patientId))).execute().getId().getIdPart();
    return PipelineTestSupport.jobFor(tasks, study, patientId, studyId);
  }
}
