package org.neurofhir.server.audit;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Drains the outbox into AuditEvent resources in the background, one transaction bundle per batch, so the audit
 * write is off the request's latency path. Each AuditEvent's id is derived from its outbox row, so a batch that is
 * stored but not yet deleted from the outbox (crash, failed delete) is written again as the same resources.
 * Writes go straight to the DAO: REST interceptors (authorization) do not apply, and nobody else can write them.
 */
public class AuditEventWriter implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(AuditEventWriter.class);
  private static final int BATCH = 200;

  private final AuditOutbox outbox;
  private final IFhirSystemDao<Bundle, ?> systemDao;
  private final long intervalMillis;
  private final AtomicBoolean paused = new AtomicBoolean();
  private ScheduledExecutorService executor;

  public AuditEventWriter(AuditOutbox outbox, IFhirSystemDao<Bundle, ?> systemDao, long intervalMillis) {
    this.outbox = outbox;
    this.systemDao = systemDao;
    this.intervalMillis = intervalMillis;
  }

  /** Writes everything queued now; returns the number of AuditEvents stored. */
  public int drain() {
    return drainWhile(() -> true);
  }

  private synchronized int drainWhile(java.util.function.BooleanSupplier go) {
    int total = 0;
    while (go.getAsBoolean()) {
      List<AuditOutbox.Entry> batch = outbox.oldest(BATCH);
      if (batch.isEmpty()) {
        return total;
      }
      Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
      for (AuditOutbox.Entry e : batch) {
        AuditEvent event = AuditEventFactory.toAuditEvent(e.id(), e.record());
        tx.addEntry().setResource(event).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("AuditEvent/" + event.getIdPart());
      }
      systemDao.transaction(new SystemRequestDetails(), tx);
      outbox.remove(batch.stream().map(AuditOutbox.Entry::id).toList());
      total += batch.size();
      if (batch.size() < BATCH) {
        return total;
      }
    }
    return total;
  }

  /**
   * Stops (or resumes) background draining; returns once no batch is being written, so records queued after a
   * pause stay in the outbox (tests use this to see that records wait there durably).
   */
  public void pause(boolean pause) {
    paused.set(pause);
    synchronized (this) {
      // nothing: entering waits for a running drainWhile, which re-checks the flag before each batch
    }
  }

  private void tick() {
    try {
      drainWhile(() -> !paused.get());
    } catch (RuntimeException e) {
      // rows stay in the outbox and are retried on the next tick
      log.warn("Audit outbox drain failed, will retry: {}", e.getMessage());
    }
  }

  @Override
  public void start() {
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "audit-event-writer");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleWithFixedDelay(this::tick, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (executor != null) {
      executor.shutdown();
      try {
        executor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      executor = null;
    }
    try {
      drain(); // what is left now would otherwise wait for the next start
    } catch (RuntimeException e) {
      log.warn("Audit outbox not fully drained at shutdown ({}); it will be at next start", e.getMessage());
    }
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }

  @Override
  public int getPhase() {
    // stop before HAPI's JPA beans and the DataSource go away
    return Integer.MAX_VALUE - 100;
  }
}
