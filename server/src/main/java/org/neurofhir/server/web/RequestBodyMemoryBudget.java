package org.neurofhir.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the heap that FHIR request bodies take while they are parsed and stored, so that several large bodies at
 * once make clients wait (then 503 with Retry-After), never run the JVM out of memory. A body costs far more heap
 * than its size: HAPI holds the bytes, the decoded text, the parser's buffers and the resource model at once, and a
 * Binary's base64 is decoded too; measured at {@code -Xmx1g}: two concurrent 50 MB Binary bodies already failed with
 * "Java heap space" (bench notes in server/README.md "Sizing"). Each request is charged its declared length times
 * {@code factor} for as long as it runs; a chunked body (no Content-Length) is charged as if it had the maximum size.
 * A request that costs more than the whole budget is admitted alone. Requests without a body cost nothing.
 *
 * <p>Registered after authentication: an anonymous caller is refused before it can hold any of the budget.
 */
public class RequestBodyMemoryBudget extends OncePerRequestFilter {

  private static final int KB = 1024;

  private final int budgetKb;
  private final double factor;
  private final long maxRequestBytes;
  private final Duration maxWait;
  private final Semaphore permits;

  /**
   * @param budgetBytes heap that bodies being worked on may take together
   * @param factor heap per byte of body (measured; see class comment)
   * @param maxRequestBytes the size limit of a body, what a chunked body is charged
   */
  public RequestBodyMemoryBudget(long budgetBytes, double factor, long maxRequestBytes, Duration maxWait) {
    this.budgetKb = (int) Math.max(1, Math.min(Integer.MAX_VALUE, budgetBytes / KB));
    this.factor = factor;
    this.maxRequestBytes = maxRequestBytes;
    this.maxWait = maxWait;
    this.permits = new Semaphore(budgetKb, true);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long declared = request.getContentLengthLong();
    boolean chunked = declared < 0 && request.getHeader("Transfer-Encoding") != null;
    if (declared <= 0 && !chunked) {
      chain.doFilter(request, response);
      return;
    }
    int cost = costKb(chunked ? maxRequestBytes : declared);
    if (!admit(cost)) {
      response.setHeader("Retry-After", String.valueOf(Math.max(1, maxWait.toSeconds())));
      OperationOutcomeResponses.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "transient",
          "The server is busy parsing other large request bodies: this one waited "
              + maxWait.toSeconds() + " s without room and was not processed; nothing was stored. Send it again later.");
      return;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      permits.release(cost);
    }
  }

  private int costKb(long bodyBytes) {
    long kb = (long) Math.ceil(bodyBytes * factor / KB);
    return (int) Math.max(1, Math.min(budgetKb, kb)); // capped: a body dearer than the budget runs alone
  }

  private boolean admit(int cost) {
    try {
      return permits.tryAcquire(cost, maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Heap of bodies being worked on right now, in bytes (a metric). */
  public long bytesInUse() {
    return (long) (budgetKb - permits.availablePermits()) * KB;
  }

  /** Requests waiting for room (a metric). */
  public int waiting() {
    return permits.getQueueLength();
  }
}
