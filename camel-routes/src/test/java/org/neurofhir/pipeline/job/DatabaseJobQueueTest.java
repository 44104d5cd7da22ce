package org.neurofhir.pipeline.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import liquibase.integration.spring.SpringLiquibase;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurofhir.inference.volume.Sequence;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;

/** The job queue on a real database (H2, migrated by our changelog): dedup, exclusive claims, leases, retries. */
class DatabaseJobQueueTest {

  private JdbcTemplate jdbc;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private DatabaseJobQueue queue;

  @BeforeEach
  void database() throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:queue-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    SpringLiquibase liquibase = new SpringLiquibase();
    liquibase.setDataSource(ds);
    liquibase.setChangeLog("classpath:db/changelog/pipeline.yaml");
    liquibase.setResourceLoader(new DefaultResourceLoader());
    liquibase.afterPropertiesSet();
    jdbc = new JdbcTemplate(ds);
    queue = new DatabaseJobQueue(jdbc, clock);
  }

  private static LeaseOwner owner(String incarnation) {
    return LeaseOwner.withoutNode(incarnation);
  }

  private static SegmentationJob job(String key) {
    return new SegmentationJob("task-" + key, key, "model", "p1", "s1", Map.of(Sequence.FLAIR, "/tmp/x"), Map.of(),
        Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void secondEnqueueOfTheSameKeyQueuesNothing() {
    assertThat(queue.enqueue(job("k1"))).isTrue();
    assertThat(queue.enqueue(job("k1"))).isFalse();
    assertThat(queue.depth()).isEqualTo(1);
  }

  @Test
  void aClaimedJobIsNotClaimedAgainWhileItsLeaseRuns() {
    queue.enqueue(job("k1"));
    ClaimedJob c = queue.claim(owner("w1"), Duration.ofMinutes(5)).orElseThrow();
    assertThat(c.job()).isEqualTo(job("k1"));
    assertThat(c.attempt()).isEqualTo(1);
    assertThat(queue.claim(owner("w2"), Duration.ofMinutes(5))).isEmpty();
    queue.markDone(c.queueId());
    assertThat(queue.depth()).isZero();
    assertThat(queue.stateOf("k1")).contains(DatabaseJobQueue.State.DONE);
  }

  @Test
  void aDeadWorkersJobIsTakenOverOnceItsLeaseRunsOut() {
    queue.enqueue(job("k1"));
    ClaimedJob first = queue.claim(owner("crashed"), Duration.ofMinutes(5)).orElseThrow();
    clock.advance(Duration.ofMinutes(4));
    assertThat(queue.renew(first.queueId(), owner("crashed"), Duration.ofMinutes(5))).isTrue();
    clock.advance(Duration.ofMinutes(6)); // no renewal: the worker died
    ClaimedJob second = queue.claim(owner("w2"), Duration.ofMinutes(5)).orElseThrow();
    assertThat(second.queueId()).isEqualTo(first.queueId());
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(queue.renew(first.queueId(), owner("crashed"), Duration.ofMinutes(5))).as("the old owner lost it").isFalse();
  }

  @Test
  void aRetryWaitsForItsBackoff() {
    queue.enqueue(job("k1"));
    ClaimedJob c = queue.claim(owner("w1"), Duration.ofMinutes(5)).orElseThrow();
    queue.retryLater(c.queueId(), Duration.ofSeconds(30), "FHIR server busy");
    assertThat(queue.claim(owner("w1"), Duration.ofMinutes(5))).isEmpty();
    clock.advance(Duration.ofSeconds(31));
    assertThat(queue.claim(owner("w1"), Duration.ofMinutes(5))).get().extracting(ClaimedJob::attempt).isEqualTo(2);
  }

  @Test
  void concurrentPollersClaimEachJobExactlyOnce() throws Exception {
    for (int i = 0; i < 40; i++) {
      queue.enqueue(job("k" + i));
    }
    Map<String, String> claimedBy = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int w = 0; w < 4; w++) {
      String worker = "w" + w;
      pool.submit(() -> {
        Optional<ClaimedJob> c;
        while ((c = queue.claim(owner(worker), Duration.ofMinutes(5))).isPresent()) {
          assertThat(claimedBy.putIfAbsent(c.get().job().idempotencyKey(), worker)).isNull();
          queue.markDone(c.get().queueId());
        }
        return null;
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    assertThat(claimedBy).hasSize(40);
    assertThat(jdbc.queryForObject("select count(*) from pipeline_job where state = 'DONE' and attempts = 1", Integer.class))
        .isEqualTo(40);
  }

  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
