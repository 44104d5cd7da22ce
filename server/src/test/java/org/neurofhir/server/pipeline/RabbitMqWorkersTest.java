package org.neurofhir.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.dicom.synthetic.SyntheticPatient;
import org.neurofhir.dicom.synthetic.SyntheticStudyWriter;
import org.neurofhir.dicom.synthetic.WrittenStudy;
import org.neurofhir.inference.phantom.PhantomGenerator;
import org.neurofhir.inference.phantom.PhantomSpec;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.pipeline.job.JobCodec;
import org.neurofhir.pipeline.job.SegmentationJob;
import org.neurofhir.pipeline.routes.RabbitTopology;
import org.neurofhir.pipeline.worker.JobFailures;
import org.neurofhir.pipeline.task.PipelineIdentifiers;
import org.neurofhir.pipeline.task.SegmentationTasks;
import org.neurofhir.server.support.Poll;
import org.neurofhir.server.support.ServerTestBase;
import org.neurofhir.server.support.TestDatabase;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * transport=rabbitmq with real worker processes (PipelineWorkerApplication, worker profile, results through the
 * REST API with a client_credentials token) against the local broker: a worker killed mid-job, then restarted,
 * completes the job once; two workers share jobs and each job is done once. Runs in the H2 pass only (the
 * workers talk REST; the server's database adds nothing here). A failing job's retry waits in the broker while the
 * worker takes other jobs; a worker without the DICOM storage fails the Task saying so. Report folder:
 * server/target/surefire-reports.
 */
class RabbitMqWorkersTest extends ServerTestBase {

  @Autowired SyntheticStudyWriter writer;
  @Autowired SegmentationTasks tasks;

  private final List<Process> workers = new ArrayList<>();
  private CachingConnectionFactory connections;
  private RabbitTemplate rabbit;
  private String exchange;
  private String queue;

  @BeforeEach
  void broker() {
    Assumptions.assumeFalse(TestDatabase.isPostgres(), "database-independent: runs in the H2 pass");
    Assumptions.assumeTrue(WorkerProcesses.rabbitAvailable(), "no RabbitMQ at " + WorkerProcesses.RABBITMQ_URL);
    connections = new CachingConnectionFactory(java.net.URI.create(WorkerProcesses.RABBITMQ_URL));
    exchange = unique("neurofhir.test.");
    queue = unique("neurofhir.test.jobs.");
    RabbitAdmin admin = new RabbitAdmin(connections);
    // Declared as the workers declare them (RabbitTopology), so their own declarations agree with these.
    DirectExchange ex = new DirectExchange(exchange, true, false);
    Queue q = new Queue(queue, true, false, false);
    admin.declareExchange(ex);
    admin.declareQueue(q);
    admin.declareBinding(BindingBuilder.bind(q).to(ex).with(queue));
    rabbit = new RabbitTemplate(connections);
  }

  @AfterEach
  void stop() {
    workers.forEach(Process::destroyForcibly);
    if (connections != null) {
      for (String backoff : List.of(WorkerProcesses.RETRY_BACKOFF, FLAKY_BACKOFF)) {
        topology(backoff).retryQueues().forEach(new RabbitAdmin(connections)::deleteQueue);
      }
      new RabbitAdmin(connections).deleteQueue(queue);
      new RabbitAdmin(connections).deleteExchange(exchange);
      connections.destroy();
    }
  }

  @Test
  void workerKilledMidJobCompletesItExactlyOnceAfterRestart(@TempDir Path tmp) throws Exception {
    SegmentationJob job = job(tmp, "kill", PhantomSpec.fieldOfView(112, 64, 21));
    workers.add(WorkerProcesses.start(baseUrl(), exchange, queue, tmp.resolve("worker-1.log")));
    publish(job);

    Poll.until(Duration.ofMinutes(3), "first worker inferring", () -> "inferring".equals(task(job).getBusinessStatus().getText()));
    workers.get(0).destroyForcibly().waitFor();
    assertThat(task(job).getStatus()).isEqualTo(Task.TaskStatus.INPROGRESS);

    workers.add(WorkerProcesses.start(baseUrl(), exchange, queue, tmp.resolve("worker-2.log")));
    Poll.until(Duration.ofMinutes(3), "job completed by the restarted worker",
        () -> task(job).getStatus() == Task.TaskStatus.COMPLETED);

    assertDoneOnce(job);
    assertThat(WorkerProcesses.linesContaining(tmp.resolve("worker-1.log"), "completed: whole tumour")).isZero();
    assertThat(WorkerProcesses.linesContaining(tmp.resolve("worker-2.log"), "Task/" + job.taskId() + " completed:")).isEqualTo(1);
  }

  @Test
  void twoWorkersShareTheJobsAndDoEachOnce(@TempDir Path tmp) throws Exception {
    workers.add(WorkerProcesses.start(baseUrl(), exchange, queue, tmp.resolve("worker-a.log")));
    workers.add(WorkerProcesses.start(baseUrl(), exchange, queue, tmp.resolve("worker-b.log")));
    List<SegmentationJob> jobs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      jobs.add(job(tmp, "share" + i, PhantomSpec.fieldOfView(64, 32, 30 + i)));
    }
    // Both workers' consumers are registered before the jobs go out, so both compete for them.
    RabbitAdmin admin = new RabbitAdmin(rabbit.getConnectionFactory());
    Poll.until(Duration.ofMinutes(3), "two workers consuming " + queue, () -> {
      var info = admin.getQueueInfo(queue);
      return info != null && info.getConsumerCount() >= 2;
    });
    jobs.forEach(this::publish);
    publish(jobs.get(0)); // a duplicate delivery of the same job

    Poll.until(Duration.ofMinutes(5), "all jobs completed",
        () -> jobs.stream().allMatch(j -> task(j).getStatus() == Task.TaskStatus.COMPLETED));
    for (SegmentationJob j : jobs) {
      assertDoneOnce(j);
    }
    long a = WorkerProcesses.linesContaining(tmp.resolve("worker-a.log"), " completed: whole tumour");
    long b = WorkerProcesses.linesContaining(tmp.resolve("worker-b.log"), " completed: whole tumour");
    // How the broker spreads the jobs depends on consumer start-up timing; what must hold is that together the
    // two competing workers completed each job exactly once and skipped the duplicate delivery.
    assertThat(a + b).as("jobs completed, duplicate skipped").isEqualTo(3);
  }

  /**
   * One worker, a job whose first two attempts fail (FHIR server busy) and a good job sent while the first waits for
   * its retry: the good job runs at once (the retry waits in the broker's delay queue, not on the consumer), and the
   * failing job completes on its third attempt, once.
   */
  @Test
  void failedJobWaitsInTheBrokerWhileTheWorkerRunsTheNextOne(@TempDir Path tmp) throws Exception {
    SegmentationJob flaky = job(tmp, "flaky", PhantomSpec.fieldOfView(64, 32, 41));
    SegmentationJob good = job(tmp, "good", PhantomSpec.fieldOfView(64, 32, 42));
    Path log = tmp.resolve("worker-flaky.log");
    workers.add(WorkerProcesses.start(FlakyWorker.class.getName(),
        List.of("-Dflaky.tasks=" + flaky.taskId(), "-Dflaky.failures=2"), FLAKY_BACKOFF, baseUrl(), exchange, queue, log));
    awaitConsumers(1);
    RabbitAdmin admin = new RabbitAdmin(connections);
    Duration backoff = Duration.parse("PT" + FLAKY_BACKOFF.toUpperCase());
    String firstDelayQueue = topology(FLAKY_BACKOFF).retryQueue(backoff);

    publish(flaky);
    Poll.until(Duration.ofMinutes(2), "the flaky job's retry waiting in " + firstDelayQueue, () -> {
      var info = admin.getQueueInfo(firstDelayQueue);
      return info != null && info.getMessageCount() == 1;
    });
    Instant sent = Instant.now();
    publish(good);

    Poll.until(Duration.ofMinutes(2), "good job completed", () -> task(good).getStatus() == Task.TaskStatus.COMPLETED);
    Instant goodStarted = task(good).getExecutionPeriod().getStart().toInstant();
    assertThat(Duration.between(sent, goodStarted))
        .as("the good job started without waiting for the flaky job's %s backoff", backoff)
        .isLessThan(backoff.dividedBy(2));
    assertThat(task(flaky).getStatus()).as("the flaky job is still waiting for its retry").isNotEqualTo(Task.TaskStatus.COMPLETED);

    Poll.until(Duration.ofMinutes(3), "flaky job completed", () -> task(flaky).getStatus() == Task.TaskStatus.COMPLETED);
    assertDoneOnce(flaky);
    assertDoneOnce(good);
    assertThat(WorkerProcesses.linesContaining(log, "Task/" + flaky.taskId() + " attempt 1 of 3 failed")).isEqualTo(1);
    assertThat(WorkerProcesses.linesContaining(log, "Task/" + flaky.taskId() + " attempt 2 of 3 failed")).isEqualTo(1);
    assertThat(WorkerProcesses.linesContaining(log, "Task/" + flaky.taskId() + " completed:")).isEqualTo(1);
    assertThat(WorkerProcesses.linesContaining(log, "Task/" + good.taskId() + " completed:")).isEqualTo(1);
    for (String retryQueue : topology(FLAKY_BACKOFF).retryQueues()) {
      assertThat(admin.getQueueInfo(retryQueue).getMessageCount()).as(retryQueue).isZero();
    }
  }

  /** A worker that cannot see the stored series fails the Task with what to fix, not a stack trace. */
  @Test
  void workerWithoutTheDicomStorageFailsTheTaskWithWhatToFix(@TempDir Path tmp) throws Exception {
    SegmentationJob written = job(tmp, "unmounted", PhantomSpec.fieldOfView(64, 32, 43));
    Map<Sequence, String> elsewhere = new EnumMap<>(Sequence.class);
    written.seriesDirectories().forEach((s, dir) -> elsewhere.put(s, tmp.resolve("not-mounted").resolve(s.code()).toString()));
    SegmentationJob job = new SegmentationJob(written.taskId(), written.idempotencyKey(), written.modelId(),
        written.patientId(), written.imagingStudyId(), elsewhere, Map.of(), written.effective());
    workers.add(WorkerProcesses.start(baseUrl(), exchange, queue, tmp.resolve("worker-unmounted.log")));
    awaitConsumers(1);

    publish(job);
    Poll.until(Duration.ofMinutes(2), "Task failed", () -> task(job).getStatus() == Task.TaskStatus.FAILED);

    String reason = task(job).getStatusReason().getText();
    assertThat(reason)
        .startsWith("gave up after 3 attempts; last error: the T1 series folder " + elsewhere.get(Sequence.T1) + " does not exist on worker ")
        .contains("mounted at the same path")
        .doesNotContain("Exception", "\tat ", "\n");
    assertThat(task(job).getOutput()).isEmpty();
    Bundle reports = client.search().forResource(DiagnosticReport.class)
        .where(DiagnosticReport.IDENTIFIER.exactly().systemAndCode(PipelineIdentifiers.SEGMENTATION_JOB, job.idempotencyKey()))
        .returnBundle(Bundle.class).execute();
    assertThat(reports.getEntry()).as("nothing written").isEmpty();
  }

  private static final String FLAKY_BACKOFF = "6s";

  private RabbitTopology topology(String backoff) {
    Duration first = Duration.parse("PT" + backoff.toUpperCase());
    return new RabbitTopology(exchange, queue, queue, List.of(JobFailures.backoff(first, 1), JobFailures.backoff(first, 2)));
  }

  private void awaitConsumers(int n) {
    RabbitAdmin admin = new RabbitAdmin(connections);
    Poll.until(Duration.ofMinutes(3), n + " worker(s) consuming " + queue, () -> {
      var info = admin.getQueueInfo(queue);
      return info != null && info.getConsumerCount() >= n;
    });
  }

  private void publish(SegmentationJob job) {
    rabbit.convertAndSend(exchange, queue, JobCodec.toJson(job));
  }

  private Task task(SegmentationJob job) {
    return client.read().resource(Task.class).withId(job.taskId()).execute();
  }

  private void assertDoneOnce(SegmentationJob job) {
    Bundle reports = client.search().forResource(DiagnosticReport.class)
        .where(DiagnosticReport.IDENTIFIER.exactly().systemAndCode(PipelineIdentifiers.SEGMENTATION_JOB, job.idempotencyKey()))
        .returnBundle(Bundle.class).execute();
    assertThat(reports.getEntry()).hasSize(1);
    assertThat(reports.getEntryFirstRep().getResource().getMeta().getVersionId()).isEqualTo("1");
    Bundle observations = client.search().forResource(Observation.class)
        .where(Observation.SUBJECT.hasId("Patient/" + job.patientId())).returnBundle(Bundle.class).execute();
    assertThat(observations.getEntry()).hasSize(5);
    observations.getEntry().forEach(e -> assertThat(e.getResource().getMeta().getVersionId()).isEqualTo("1"));
  }

  /** A patient, an ImagingStudy, a Task and the job over a phantom study written as DICOM. */
  private SegmentationJob job(Path tmp, String name, PhantomSpec spec) throws Exception {
    String mrn = unique("RMQ");
    WrittenStudy study = PipelineTestSupport.writeStudy(writer, tmp.resolve(name),
        new SyntheticPatient(mrn, "Phantom^" + name, "19700101", "M", "MR", "A"), new PhantomGenerator().generate(spec));
    Patient patient = new Patient();
    patient.addName().setFamily("Phantom").addGiven(name);
    String patientId = client.create().resource(patient).execute().getId().getIdPart();
    ImagingStudy s = new ImagingStudy().setStatus(ImagingStudy.ImagingStudyStatus.AVAILABLE)
        .setSubject(new Reference("Patient/" + patientId));
    String studyId = client.create().resource(s).execute().getId().getIdPart();
    return PipelineTestSupport.jobFor(tasks, study, patientId, studyId);
  }
}
