package org.neurofhir.pipeline.routes;

import org.neurofhir.pipeline.job.JobQueue;
import org.neurofhir.pipeline.job.SegmentationJob;

/**
 * Jobs as persistent RabbitMQ messages; enqueue returns once the broker has confirmed the message.
 * The queue cannot tell duplicates apart, so intake enqueues only for a newly created Task; a duplicate that
 * slips through is skipped by the worker because the Task has ended.
 */
public class RabbitJobQueue implements JobQueue {

  private final RabbitJobPublisher publisher;

  public RabbitJobQueue(RabbitJobPublisher publisher) {
    this.publisher = publisher;
  }

  @Override
  public boolean enqueue(SegmentationJob job) {
    publisher.publish(job);
    return true;
  }

  @Override
  public boolean deduplicates() {
    return false;
  }

  @Override
  public long depth() {
    return -1;
  }
}
