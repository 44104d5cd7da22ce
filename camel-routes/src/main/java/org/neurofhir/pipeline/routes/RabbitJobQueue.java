package org.neurofhir.pipeline.routes;

import org.apache.camel.ProducerTemplate;
import org.neurofhir.pipeline.job.JobCodec;
import org.neurofhir.pipeline.job.JobQueue;
import org.neurofhir.pipeline.job.SegmentationJob;

/**
 * Jobs as persistent RabbitMQ messages (publisher confirms: enqueue returns once the broker has the message).
 * The queue cannot tell duplicates apart, so intake enqueues only for a newly created Task; a duplicate that
 * slips through is skipped by the worker because the Task has ended.
 */
public class RabbitJobQueue implements JobQueue {

  private final ProducerTemplate producer;
  private final String endpoint;

  public RabbitJobQueue(ProducerTemplate producer, String endpoint) {
    this.producer = producer;
    this.endpoint = endpoint;
  }

  @Override
  public boolean enqueue(SegmentationJob job) {
    producer.sendBody(endpoint, JobCodec.toJson(job));
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
