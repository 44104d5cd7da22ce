package org.neurofhir.pipeline.worker;

import java.time.Duration;
import org.neurofhir.pipeline.fhir.FhirPortException;
import org.neurofhir.pipeline.metrics.PipelineMetrics;
import org.neurofhir.pipeline.task.SegmentationTasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Decides what a failed attempt means for the job: fail the Task now, or retry after a backoff. */
public class JobFailures {

  private static final Logger log = LoggerFactory.getLogger(JobFailures.class);

  /** Retry after {@code delay}, or give up (the Task has been failed). */
  public record Decision(boolean retry, Duration delay, String reason) {}

  private final SegmentationTasks tasks;
  private final PipelineMetrics metrics;
  private final int maxAttempts;
  private final Duration firstBackoff;

  public JobFailures(SegmentationTasks tasks, PipelineMetrics metrics, int maxAttempts, Duration firstBackoff) {
    this.tasks = tasks;
    this.metrics = metrics;
    this.maxAttempts = maxAttempts;
    this.firstBackoff = firstBackoff;
  }

  public Decision onFailure(String taskId, int attempt, Throwable failure) {
    String reason = reason(failure);
    // A FHIR write refused for its content (4xx other than a conflict) fails the same way every time.
    boolean permanent = failure instanceof PermanentJobFailure
        || failure instanceof FhirPortException f && !f.isTransient();
    if (permanent) {
      log.warn("Task/{} failed: {}", taskId, reason);
      tasks.fail(taskId, reason);
      metrics.failed("permanent");
      return new Decision(false, Duration.ZERO, reason);
    }
    if (attempt >= maxAttempts) {
      String why = "gave up after " + attempt + " attempts; last error: " + reason;
      log.warn("Task/{} failed: {}", taskId, why, failure);
      tasks.fail(taskId, why);
      metrics.failed("exhausted");
      return new Decision(false, Duration.ZERO, why);
    }
    Duration delay = backoff(firstBackoff, attempt);
    log.warn("Task/{} attempt {} of {} failed, retrying in {} s: {}", taskId, attempt, maxAttempts,
        delay.toSeconds(), reason, failure);
    metrics.retried();
    try {
      tasks.requeued(taskId, attempt, reason);
    } catch (RuntimeException taskUnreachable) {
      log.warn("Task/{} could not be marked queued again: {}", taskId, taskUnreachable.getMessage());
    }
    return new Decision(true, delay, reason);
  }

  /** Wait after failed attempt {@code attempt} (1-based): {@code first}, doubling per attempt. */
  public static Duration backoff(Duration first, int attempt) {
    return first.multipliedBy(1L << Math.min(attempt - 1, 10));
  }

  static String reason(Throwable t) {
    if (t instanceof PermanentJobFailure || t instanceof FhirPortException || t instanceof SeriesStorageUnavailable) {
      return t.getMessage();
    }
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
