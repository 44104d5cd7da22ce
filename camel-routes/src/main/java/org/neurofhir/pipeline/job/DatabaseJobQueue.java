package org.neurofhir.pipeline.job;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code pipeline_job} table (db/changelog/pipeline.yaml) as a durable queue, plain SQL for H2 and PostgreSQL.
 * A worker claims a job with a lease; a worker that dies stops renewing it, and once the lease has run out the job
 * can be claimed again, so a crash mid-job means a retry, never a lost job. A lease also names the holder's node
 * when the holder is that node's registered incarnation ({@link NodeRegistration}): the node's next incarnation then
 * knows the job's holder is dead and frees it at once ({@link #releaseJobsOfEarlierIncarnations}). The unique
 * idempotency key makes a second enqueue of the same work a no-op.
 */
public class DatabaseJobQueue implements JobQueue {

  public enum State { QUEUED, RUNNING, DONE, FAILED }

  private static final String CLAIMABLE =
      "((state = 'QUEUED' and available_at <= ?) or (state = 'RUNNING' and lease_until < ?))";

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public DatabaseJobQueue(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The queue's database, for the node registrations that live beside it. */
  public JdbcTemplate jdbc() {
    return jdbc;
  }

  @Override
  public boolean enqueue(SegmentationJob job) {
    Timestamp now = Timestamp.from(clock.instant());
    try {
      jdbc.update("insert into pipeline_job (id, idempotency_key, task_id, payload, state, attempts, available_at,"
              + " created_at, updated_at) values (?,?,?,?,?,0,?,?,?)",
          UUID.randomUUID().toString(), job.idempotencyKey(), job.taskId(), JobCodec.toJson(job), State.QUEUED.name(),
          now, now, now);
      return true;
    } catch (DuplicateKeyException alreadyQueued) {
      return false;
    }
  }

  @Override
  public boolean deduplicates() {
    return true;
  }

  @Override
  public long depth() {
    Long n = jdbc.queryForObject("select count(*) from pipeline_job where state in ('QUEUED','RUNNING')", Long.class);
    return n == null ? 0 : n;
  }

  /** Claims the oldest claimable job for {@code lease}; empty when none waits. Safe with several pollers. */
  public Optional<ClaimedJob> claim(LeaseOwner owner, Duration lease) {
    for (int tries = 0; tries < 5; tries++) {
      Instant now = clock.instant();
      Timestamp ts = Timestamp.from(now);
      List<String> ids = jdbc.query(
          "select id from pipeline_job where " + CLAIMABLE + " order by available_at, created_at",
          ps -> {
            ps.setMaxRows(1);
            ps.setTimestamp(1, ts);
            ps.setTimestamp(2, ts);
          },
          (rs, n) -> rs.getString(1));
      if (ids.isEmpty()) {
        return Optional.empty();
      }
      String id = ids.get(0);
      int updated = jdbc.update("update pipeline_job set state = 'RUNNING', lease_owner = ?, lease_node = ?,"
              + " lease_until = ?, attempts = attempts + 1, updated_at = ? where id = ? and " + CLAIMABLE,
          owner.incarnation(), owner.node(), Timestamp.from(now.plus(lease)), ts, id, ts, ts);
      if (updated == 1) {
        return jdbc.query("select payload, attempts from pipeline_job where id = ?",
            (rs, n) -> new ClaimedJob(id, JobCodec.fromJson(rs.getString(1)), rs.getInt(2)), id).stream().findFirst();
      }
      // another poller took it between select and update: look again
    }
    return Optional.empty();
  }

  /** Extends the lease of a job this worker still holds; false when it lost it (e.g. stalled past the lease). */
  public boolean renew(String queueId, LeaseOwner owner, Duration lease) {
    Instant now = clock.instant();
    return jdbc.update("update pipeline_job set lease_until = ?, updated_at = ? where id = ? and lease_owner = ?"
        + " and state = 'RUNNING'", Timestamp.from(now.plus(lease)), Timestamp.from(now), queueId,
        owner.incarnation()) == 1;
  }

  /**
   * Frees, for claiming at once, the running jobs whose lease names {@code owner}'s node but another incarnation:
   * their holder was this node before it restarted, and is dead. Only a node's registered incarnation may call this
   * (a second live process with the same node id would free jobs that are still running). The dead attempt stays
   * counted; the job keeps its place in the queue.
   *
   * @return how many jobs were freed
   */
  public int releaseJobsOfEarlierIncarnations(LeaseOwner owner) {
    if (owner.node() == null) {
      throw new IllegalArgumentException("not a node's registered incarnation: " + owner.incarnation());
    }
    Timestamp now = Timestamp.from(clock.instant());
    return jdbc.update("update pipeline_job set state = 'QUEUED', lease_owner = null, lease_node = null,"
            + " lease_until = null, last_error = ?, updated_at = ? where state = 'RUNNING' and lease_node = ?"
            + " and lease_owner <> ?",
        cut("node " + owner.node() + " restarted while this job ran"), now, owner.node(), owner.incarnation());
  }

  public void markDone(String queueId) {
    finish(queueId, State.DONE, null);
  }

  public void markFailed(String queueId, String reason) {
    finish(queueId, State.FAILED, reason);
  }

  /** Puts the job back for another attempt after {@code delay}. */
  public void retryLater(String queueId, Duration delay, String reason) {
    Instant now = clock.instant();
    jdbc.update("update pipeline_job set state = 'QUEUED', lease_owner = null, lease_node = null, lease_until = null,"
            + " available_at = ?, last_error = ?, updated_at = ? where id = ?",
        Timestamp.from(now.plus(delay)), cut(reason), Timestamp.from(now), queueId);
  }

  public Optional<State> stateOf(String idempotencyKey) {
    return jdbc.query("select state from pipeline_job where idempotency_key = ?",
        (rs, n) -> State.valueOf(rs.getString(1)), idempotencyKey).stream().findFirst();
  }

  private void finish(String queueId, State state, String reason) {
    Timestamp now = Timestamp.from(clock.instant());
    jdbc.update("update pipeline_job set state = ?, lease_owner = null, lease_node = null, lease_until = null,"
        + " last_error = ?, updated_at = ? where id = ?", state.name(), cut(reason), now, queueId);
  }

  private static String cut(String s) {
    return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
  }
}
