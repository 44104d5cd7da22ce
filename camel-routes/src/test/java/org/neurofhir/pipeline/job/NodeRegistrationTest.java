package org.neurofhir.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import liquibase.integration.spring.SpringLiquibase;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurofhir.inference.volume.Sequence;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Several processes ("incarnations") of one or more nodes on one database: a restarted node frees the jobs its dead
 * predecessor held at once, never a job of another node or of a live process that was given the same node id.
 */
class NodeRegistrationTest {

  private static final Duration HEARTBEAT = Duration.ofMillis(100);
  private static final Duration LEASE = Duration.ofMinutes(5);

  private final DatabaseJobQueueTest.MutableClock clock =
      new DatabaseJobQueueTest.MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
  private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
  private JdbcTemplate jdbc;
  private DatabaseJobQueue queue;

  @BeforeEach
  void database() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:nodes-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    SpringLiquibase liquibase = new SpringLiquibase();
    liquibase.setDataSource(ds);
    liquibase.setChangeLog("classpath:db/changelog/pipeline.yaml");
    liquibase.setResourceLoader(new DefaultResourceLoader());
    liquibase.afterPropertiesSet();
    jdbc = new JdbcTemplate(ds);
    queue = new DatabaseJobQueue(jdbc, clock);
  }

  @AfterEach
  void stopBeating() {
    beats.shutdownNow();
  }

  @Test
  void restartedNodeFreesTheJobItsKilledIncarnationHeldWithoutWaitingForTheLease() throws Exception {
    LeaseOwner killed = incarnation("node-a").register();
    queue.enqueue(job("k1"));
    ClaimedJob first = queue.claim(killed, LEASE).orElseThrow();
    // kill -9: no more beats, no deregistration

    NodeRegistration restarted = incarnation("node-a");
    LeaseOwner owner = restarted.register();

    assertThat(owner.node()).isEqualTo("node-a");
    assertThat(queue.releaseJobsOfEarlierIncarnations(owner)).isEqualTo(1);
    ClaimedJob resumed = queue.claim(owner, LEASE).orElseThrow(); // the clock has not moved: the lease still runs
    assertThat(resumed.queueId()).isEqualTo(first.queueId());
    assertThat(resumed.attempt()).as("the killed attempt counts").isEqualTo(2);
    assertThat(queue.renew(first.queueId(), killed, LEASE)).as("the dead incarnation's lease is gone").isFalse();
    assertThat(queue.releaseJobsOfEarlierIncarnations(owner)).as("its own running job stays its own").isZero();
  }

  @Test
  void restartedNodeLeavesAnotherNodesRunningJobToItsLease() throws Exception {
    LeaseOwner otherNode = beating(incarnation("node-b"));
    queue.enqueue(job("k1"));
    queue.claim(otherNode, LEASE).orElseThrow();
    incarnation("node-a").register(); // node-a's first incarnation, then killed
    LeaseOwner restarted = incarnation("node-a").register();

    assertThat(queue.releaseJobsOfEarlierIncarnations(restarted)).isZero();
    assertThat(queue.claim(restarted, LEASE)).isEmpty();
    clock.advance(LEASE.plusSeconds(1)); // node-b died without restarting: the lease is the safety net
    assertThat(queue.claim(restarted, LEASE)).isPresent();
  }

  @Test
  void secondLiveProcessWithTheSameNodeIdTakesNothingFromTheFirst() throws Exception {
    NodeRegistration first = incarnation("node-a");
    LeaseOwner live = beating(first);
    queue.enqueue(job("k1"));
    queue.claim(live, LEASE).orElseThrow();

    NodeRegistration duplicate = incarnation("node-a");
    LeaseOwner owner = duplicate.register();

    assertThat(owner.node()).as("the id is in live use: no node").isNull();
    assertThat(duplicate.liveHolder()).isPresent();
    assertThat(queue.claim(owner, LEASE)).as("the live process's job").isEmpty();
    assertThat(first.beat()).as("the first one is still registered").isTrue();
    queue.enqueue(job("k2"));
    queue.claim(owner, LEASE).orElseThrow();
    assertThat(jdbc.queryForObject("select lease_node from pipeline_job where idempotency_key = 'k2'", String.class))
        .as("the duplicate's leases name no node, so node-a's next start cannot free them").isNull();
  }

  @Test
  void afterACleanShutdownTheNextStartRegistersAtOnce() throws Exception {
    NodeRegistration stopped = new NodeRegistration(jdbc, "node-a", "1@host", Duration.ofMinutes(1), clock);
    stopped.register();
    stopped.deregister();

    long started = System.nanoTime();
    LeaseOwner next = new NodeRegistration(jdbc, "node-a", "2@host", Duration.ofMinutes(1), clock).register();

    assertThat(next.node()).isEqualTo("node-a");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void incarnationThatStoppedBeatingAndWasReplacedLearnsItOnItsNextBeat() throws Exception {
    NodeRegistration stalled = incarnation("node-a");
    stalled.register();
    incarnation("node-a").register(); // took over: stalled never beat for three heartbeats

    assertThat(stalled.beat()).isFalse();
  }

  private NodeRegistration incarnation(String nodeId) {
    return new NodeRegistration(jdbc, nodeId, UUID.randomUUID() + "@test", HEARTBEAT, clock);
  }

  /** Registers and beats every heartbeat from then on, as a running node does. */
  private LeaseOwner beating(NodeRegistration node) throws InterruptedException {
    LeaseOwner owner = node.register();
    beats.scheduleAtFixedRate(node::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    return owner;
  }

  private static SegmentationJob job(String key) {
    return new SegmentationJob("task-" + key, key, "model", "p1", "s1", Map.of(Sequence.FLAIR, "/tmp/x"), Map.of(),
        Instant.parse("2026-01-01T00:00:00Z"));
  }
}
