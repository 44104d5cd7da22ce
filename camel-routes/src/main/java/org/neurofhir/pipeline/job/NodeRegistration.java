package org.neurofhir.pipeline.job;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Makes this process the registered incarnation of its node id (table {@code pipeline_node}), so that the node,
 * restarted after a crash, knows the holder of its old job leases is dead: that holder was its previous incarnation,
 * and a node id has at most one live incarnation. Other nodes' jobs are never touched; for those the lease stays
 * the safety net.
 *
 * <p>When the id's row names another incarnation, that may be this node's dead predecessor (kill -9: it had no
 * chance to deregister) or a live process started with the same id by mistake. They are told apart by watching the
 * row for {@value #TAKE_OVER_AFTER} heartbeats: a live incarnation beats every heartbeat, a dead one's row stays as
 * it was. Nothing compares clocks, so clock skew between hosts cannot make a live node look dead. A process that
 * finds its id in live use registers nothing: its leases name no node and its crashed jobs wait for their leases.
 */
public final class NodeRegistration {

  /** Heartbeats without a beat after which a registered incarnation counts as dead. */
  public static final int TAKE_OVER_AFTER = 3;

  private final JdbcTemplate jdbc;
  private final String nodeId;
  private final String process;
  private final Duration heartbeat;
  private final Clock clock;
  private final String incarnation = UUID.randomUUID().toString();
  private volatile Optional<Beat> othersLastSeen = Optional.empty();

  /**
   * @param nodeId stable across restarts of this node, unique among the processes sharing the database
   * @param process how operators recognise the process (pid@host), stored beside the registration
   */
  public NodeRegistration(JdbcTemplate jdbc, String nodeId, String process, Duration heartbeat, Clock clock) {
    if (nodeId == null || nodeId.isBlank()) {
      throw new IllegalArgumentException("node id must not be blank");
    }
    this.jdbc = jdbc;
    this.nodeId = nodeId;
    this.process = process;
    this.heartbeat = heartbeat;
    this.clock = clock;
  }

  public String nodeId() {
    return nodeId;
  }

  public String incarnation() {
    return incarnation;
  }

  /** The other incarnation seen holding the node id when {@link #register} returned without the node. */
  public Optional<String> liveHolder() {
    return othersLastSeen.map(Beat::process);
  }

  /**
   * Registers this process as its node's incarnation. Returns at once when the node id is free; when another
   * incarnation holds it, watches it for {@value #TAKE_OVER_AFTER} heartbeats and takes over only if it never beat.
   *
   * @return the lease owner for this process's claims: naming the node when registered, without a node when a live
   *     process holds the id
   */
  public LeaseOwner register() throws InterruptedException {
    while (true) {
      Optional<Beat> seen = current();
      if (seen.isEmpty()) {
        if (insert()) {
          return registered();
        }
        continue; // another process inserted first; watch it like any other holder
      }
      Beat before = seen.get();
      Thread.sleep(heartbeat.multipliedBy(TAKE_OVER_AFTER).toMillis());
      Optional<Beat> after = current();
      if (after.isEmpty()) {
        continue; // it deregistered (clean shutdown) meanwhile
      }
      if (!after.get().equals(before)) {
        othersLastSeen = after;
        return LeaseOwner.withoutNode(incarnation);
      }
      if (takeOver(before)) {
        return registered();
      }
      // a process starting beside this one took it over first; it will be seen beating
    }
  }

  /** Records a heartbeat; false once this process is no longer the registered incarnation (it was taken over). */
  public boolean beat() {
    return jdbc.update("update pipeline_node set beats = beats + 1, heartbeat_at = ? where node_id = ? and incarnation = ?",
        now(), nodeId, incarnation) == 1;
  }

  /** Frees the node id at a clean shutdown, so that the next start registers without watching for heartbeats. */
  public void deregister() {
    jdbc.update("delete from pipeline_node where node_id = ? and incarnation = ?", nodeId, incarnation);
  }

  private LeaseOwner registered() {
    othersLastSeen = Optional.empty();
    return new LeaseOwner(incarnation, nodeId);
  }

  private Optional<Beat> current() {
    return jdbc.query("select incarnation, beats, process from pipeline_node where node_id = ?",
        (rs, n) -> new Beat(rs.getString(1), rs.getLong(2), rs.getString(3)), nodeId).stream().findFirst();
  }

  private boolean insert() {
    Timestamp now = now();
    try {
      jdbc.update("insert into pipeline_node (node_id, incarnation, beats, process, started_at, heartbeat_at)"
          + " values (?,?,0,?,?,?)", nodeId, incarnation, cut(process), now, now);
      return true;
    } catch (DuplicateKeyException taken) {
      return false;
    }
  }

  /** Compare-and-set on the dead incarnation's last beat: of several processes taking over, one wins. */
  private boolean takeOver(Beat dead) {
    Timestamp now = now();
    return jdbc.update("update pipeline_node set incarnation = ?, beats = 0, process = ?, started_at = ?,"
            + " heartbeat_at = ? where node_id = ? and incarnation = ? and beats = ?",
        incarnation, cut(process), now, now, nodeId, dead.incarnation(), dead.beats()) == 1;
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }

  private static String cut(String s) {
    return s.length() <= 255 ? s : s.substring(0, 255);
  }

  private record Beat(String incarnation, long beats, String process) {}
}
