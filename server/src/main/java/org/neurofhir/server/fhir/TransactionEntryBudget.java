package org.neurofhir.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Bounds how many entries of transaction and batch bundles this node works on at once. HAPI keeps a transaction
 * whole in memory until it commits (about 60 KB of heap per entry, server/README.md "Performance"), so N clients
 * sending full-size bundles at once need N times that: past what the heap holds the JVM spends its time in full
 * collections, then runs out. A bundle whose entries do not fit waits, first come first served, until earlier bundles
 * finish; one that waited longer than {@code maxWait} gets 503 with Retry-After and nothing of it is stored. A bundle
 * with more entries than the whole budget is admitted alone.
 *
 * <p>Acquired once HAPI has parsed the bundle (the entry count is known) and released when HAPI completes the
 * request, whatever its outcome: HAPI calls the completion hook in a {@code finally} for every request that reached
 * the pre-handled hook. Only bundles that arrive over HTTP pass through here (pipeline workers in other processes
 * too); code inside this process that stores bundles through HAPI's DAOs does not.
 */
@Interceptor
public class TransactionEntryBudget {

  private final int budget;
  private final Duration maxWait;
  private final Semaphore permits;

  /** {@code budget} entries in flight at most on this node; 0 or less turns the bound off. */
  public TransactionEntryBudget(int budget, Duration maxWait) {
    this.budget = budget;
    this.maxWait = maxWait;
    this.permits = new Semaphore(Math.max(budget, 0), true);
  }

  /** Last of the pre-handled hooks: a bundle that authorization refuses never takes or waits for room. */
  @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = 1000)
  public void admit(RequestDetails request, RestOperationTypeEnum operation) {
    if (budget <= 0 || operation != RestOperationTypeEnum.TRANSACTION || !(request.getResource() instanceof Bundle b)) {
      return;
    }
    int entries = b.getEntry().size();
    int wanted = Math.max(1, Math.min(entries, budget));
    boolean admitted;
    try {
      admitted = permits.tryAcquire(wanted, maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      admitted = false;
    }
    if (!admitted) {
      throw new ServerBusy(entries, maxWait);
    }
    // Keyed by this budget: another budget on the same server keeps its own count.
    request.getUserData().put(this, wanted);
  }

  @Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
  public void release(RequestDetails request) {
    if (request.getUserData().remove(this) instanceof Integer held) {
      permits.release(held);
    }
  }

  /** Bundles waiting for room right now (a metric). */
  public int waiting() {
    return permits.getQueueLength();
  }

  /** Entries of admitted bundles being worked on right now (a metric). */
  public int entriesInFlight() {
    return budget <= 0 ? 0 : budget - permits.availablePermits();
  }

  /** 503: the client may send the same bundle again later; nothing of it was stored. */
  static final class ServerBusy extends BaseServerResponseException {
    ServerBusy(int entries, Duration waited) {
      super(503, "The server is busy with other transaction bundles: this one (" + entries + " entries) waited "
          + (waited.toSeconds() > 0 ? waited.toSeconds() + " s" : waited.toMillis() + " ms")
          + " without room and was not processed; nothing was stored. Send it again later.");
      addResponseHeader("Retry-After", String.valueOf(Math.max(1, waited.toSeconds())));
    }
  }
}
