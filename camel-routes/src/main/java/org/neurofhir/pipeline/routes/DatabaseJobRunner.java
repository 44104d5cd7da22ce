package org.neurofhir.pipeline.routes;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.neurofhir.pipeline.job.ClaimedJob;
import org.neurofhir.pipeline.job.DatabaseJobQueue;
import org.neurofhir.pipeline.job.LeaseOwner;
import org.neurofhir.pipeline.job.NodeRegistration;
import org.neurofhir.pipeline.worker.JobFailures;
import org.neurofhir.pipeline.worker.SegmentationWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of the database queue: claim a job, keep its lease alive while it runs, then mark it done, failed or
 * due for a retry. Called by the worker route's timer.
 *
 * <p>Before its first claim the runner registers this process as its node's incarnation ({@link NodeRegistration})
 * and frees the jobs the node's previous incarnation died holding, so a restarted node resumes them at once instead
 * of after their leases. No job is claimed until that is decided, so every lease names the right node (or none).
 */
public class DatabaseJobRunner {

  private static final Logger log = LoggerFactory.getLogger(DatabaseJobRunner.class);

  private final DatabaseJobQueue queue;
  private final SegmentationWorker worker;
  private final JobFailures failures;
  private final NodeRegistration node;
  private final Duration lease;
  private final Duration heartbeatInterval;
  private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "pipeline-lease-heartbeat");
    t.setDaemon(true);
    return t;
  });
  /** Null until the node registration is decided. */
  private volatile LeaseOwner owner;
  private volatile ScheduledFuture<?> nodeBeats;

  public DatabaseJobRunner(DatabaseJobQueue queue, SegmentationWorker worker, JobFailures failures,
      NodeRegistration node, Duration lease, Duration heartbeatInterval) {
    this.queue = queue;
    this.worker = worker;
    this.failures = failures;
    this.node = node;
    this.lease = lease;
    this.heartbeatInterval = heartbeatInterval;
    // Off the start-up thread: watching a predecessor's heartbeat takes a few heartbeats.
    heartbeat.execute(this::registerNode);
  }

  /** Runs at most one job; true when one was claimed. */
  public boolean runOnce() {
    LeaseOwner holder = owner;
    if (holder == null) {
      return false;
    }
    Optional<ClaimedJob> claimed = queue.claim(holder, lease);
    if (claimed.isEmpty()) {
      return false;
    }
    ClaimedJob c = claimed.get();
    long renewEvery = Math.max(1, lease.toMillis() / 3);
    ScheduledFuture<?> renewal = heartbeat.scheduleAtFixedRate(
        () -> queue.renew(c.queueId(), holder, lease), renewEvery, renewEvery, TimeUnit.MILLISECONDS);
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

  /** Whether the node registration is decided and jobs are being claimed. */
  public boolean ready() {
    return owner != null;
  }

  public void shutdown() {
    heartbeat.shutdownNow();
    LeaseOwner holder = owner;
    if (holder != null && holder.node() != null) {
      // A job still running now keeps naming this node, so the next start frees it at once all the same.
      node.deregister();
    }
  }

  private void registerNode() {
    try {
      LeaseOwner registered = node.register();
      if (registered.node() == null) {
        log.error("pipeline node id '{}' is in use by a running process ({}): this process ({}) runs jobs without a "
                + "node, so if it crashes its jobs wait for their lease ({}); give every process sharing the database "
                + "its own neurofhir.pipeline.node-id", node.nodeId(), node.liveHolder().orElse("?"),
            node.incarnation(), lease);
      } else {
        int freed = queue.releaseJobsOfEarlierIncarnations(registered);
        log.info("pipeline node '{}' registered (incarnation {}){}", node.nodeId(), node.incarnation(),
            freed == 0 ? "" : "; " + freed + " job(s) of its previous incarnation, which died running them, freed to run now");
        long every = heartbeatInterval.toMillis();
        nodeBeats = heartbeat.scheduleAtFixedRate(this::beat, every, every, TimeUnit.MILLISECONDS);
      }
      owner = registered;
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("pipeline node '{}' not registered yet, trying again in {}: {}", node.nodeId(), heartbeatInterval,
          e.toString());
      if (!heartbeat.isShutdown()) {
        heartbeat.schedule(this::registerNode, heartbeatInterval.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private void beat() {
    try {
      if (!node.beat()) {
        // Only a process started with the same node id after this one stopped beating for several heartbeats takes
        // over; from now on this process's new leases name no node, so the other one never frees them.
        log.error("pipeline node '{}' was taken over by another process while this one ({}) was still running; "
            + "its next jobs run without a node", node.nodeId(), node.incarnation());
        owner = LeaseOwner.withoutNode(node.incarnation());
        nodeBeats.cancel(false);
      }
    } catch (RuntimeException e) {
      log.warn("heartbeat of pipeline node '{}' failed: {}", node.nodeId(), e.toString());
    }
  }
}
