package org.neurofhir.pipeline.routes;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.neurofhir.pipeline.job.ClaimedJob;
import org.neurofhir.pipeline.job.DatabaseJobQueue;
import org.neurofhir.pipeline.worker.JobFailures;
import org.neurofhir.pipeline.worker.SegmentationWorker;

/**
 * One poll of the database queue: claim a job, keep its lease alive while it runs, then mark it done, failed or
 * due for a retry. Called by the worker route's timer.
 */
public class DatabaseJobRunner {

  private final DatabaseJobQueue queue;
  private final SegmentationWorker worker;
  private final JobFailures failures;
  private final String workerId;
  private final Duration lease;
  private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "pipeline-lease-heartbeat");
    t.setDaemon(true);
    return t;
  });

  public DatabaseJobRunner(DatabaseJobQueue queue, SegmentationWorker worker, JobFailures failures, String workerId,
      Duration lease) {
    this.queue = queue;
    this.worker = worker;
    this.failures = failures;
    this.workerId = workerId;
    this.lease = lease;
  }

  /** Runs at most one job; true when one was claimed. */
  public boolean runOnce() {
    Optional<ClaimedJob> claimed = queue.claim(workerId, lease);
    if (claimed.isEmpty()) {
      return false;
    }
    ClaimedJob c = claimed.get();
    long renewEvery = Math.max(1, lease.toMillis() / 3);
    ScheduledFuture<?> renewal = heartbeat.scheduleAtFixedRate(
        () -> queue.renew(c.queueId(), workerId, lease), renewEvery, renewEvery, TimeUnit.MILLISECONDS);
    try {
      worker.process(c.job());
      queue.markDone(c.queueId());
    } catch (RuntimeException e) {
      JobFailures.Decision d = failures.onFailure(c.job().taskId(), c.attempt(), e);
      if (d.retry()) {
        queue.retryLater(c.queueId(), d.delay(), d.reason());
      } else {
        queue.markFailed(c.queueId(), d.reason());
      }
    } finally {
      renewal.cancel(false);
    }
    return true;
  }

  public void shutdown() {
    heartbeat.shutdownNow();
  }
}
