package org.neurofhir.pipeline.job;

/** Where jobs wait for a worker: the database (single process, default) or RabbitMQ (several worker processes). */
public interface JobQueue {

  /**
   * Queues the job durably before returning. Returns false when a job with the same idempotency key was queued
   * before (whatever its state), so a repeated request queues nothing.
   */
  boolean enqueue(SegmentationJob job);

  /** Whether {@link #enqueue} itself refuses a second job with the same key (else callers enqueue only new Tasks). */
  boolean deduplicates();

  /** Jobs waiting or running; -1 when this transport cannot tell. */
  long depth();
}
