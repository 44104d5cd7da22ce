package org.neurofhir.pipeline.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.neurofhir.pipeline.job.JobQueue;
import org.neurofhir.pipeline.task.JobStage;

/**
 * Prometheus meters of the pipeline: {@code neurofhir_pipeline_jobs_started_total}, {@code ..._succeeded_total},
 * {@code ..._failed_total{kind=permanent|exhausted}}, {@code ..._retried_total}, stage durations
 * {@code neurofhir_pipeline_stage_seconds{stage}} (histogram) and {@code neurofhir_pipeline_queue_depth}.
 */
public class PipelineMetrics {

  private final MeterRegistry registry;
  private final Counter started;
  private final Counter succeeded;
  private final Counter retried;

  public PipelineMetrics(MeterRegistry registry, JobQueue queue) {
    this.registry = registry;
    this.started = Counter.builder("neurofhir.pipeline.jobs.started").description("Segmentation job attempts started").register(registry);
    this.succeeded = Counter.builder("neurofhir.pipeline.jobs.succeeded").description("Segmentation jobs completed").register(registry);
    this.retried = Counter.builder("neurofhir.pipeline.jobs.retried").description("Attempts that failed and will be retried").register(registry);
    Gauge.builder("neurofhir.pipeline.queue.depth", queue, q -> q.depth())
        .description("Segmentation jobs waiting or running (-1: transport cannot tell)").register(registry);
  }

  public void started() {
    started.increment();
  }

  public void succeeded(Duration total) {
    succeeded.increment();
    stage("total", total);
  }

  public void retried() {
    retried.increment();
  }

  public void failed(String kind) {
    Counter.builder("neurofhir.pipeline.jobs.failed").description("Segmentation jobs whose Task failed")
        .tag("kind", kind).register(registry).increment();
  }

  public void stage(JobStage stage, Duration d) {
    stage(stage.label(), d);
  }

  private void stage(String stage, Duration d) {
    Timer.builder("neurofhir.pipeline.stage").description("Time spent per job stage").tag("stage", stage)
        .publishPercentileHistogram().register(registry).record(d);
  }
}
