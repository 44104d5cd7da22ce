package org.neurofhir.pipeline.routes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neurofhir.pipeline.config.PipelineProperties;
import org.neurofhir.pipeline.worker.JobFailures;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;

/**
 * The rabbitmq transport's broker objects: the work exchange and queue, and one delay queue per retry backoff whose
 * messages expire after that backoff and are dead-lettered back to the work exchange. The broker, not a sleeping
 * consumer, holds a job between attempts.
 *
 * @param retryDelays the backoff before attempt 2, 3, … (one delay queue each)
 */
public record RabbitTopology(String exchange, String queue, String routingKey, List<Duration> retryDelays) {

  public RabbitTopology {
    retryDelays = List.copyOf(retryDelays);
  }

  public static RabbitTopology of(PipelineProperties p) {
    List<Duration> delays = new ArrayList<>();
    for (int attempt = 1; attempt < p.maxAttempts(); attempt++) {
      Duration d = JobFailures.backoff(p.retryBackoff(), attempt);
      if (!delays.contains(d)) {
        delays.add(d);
      }
    }
    PipelineProperties.Rabbitmq r = p.rabbitmq();
    return new RabbitTopology(r.exchange(), r.queue(), r.routingKey(), delays);
  }

  /**
   * One queue per delay rather than a per-message expiration in one queue: RabbitMQ expires messages only at the
   * head of a queue, so a long delay ahead of a short one would hold the short one back. The delay is in the name
   * because a queue's TTL cannot change once declared (a new backoff setting gets new queues, not a declaration
   * conflict).
   */
  public String retryQueue(Duration delay) {
    return queue + ".retry-" + delay.toMillis() + "ms";
  }

  public List<String> retryQueues() {
    return retryDelays.stream().map(this::retryQueue).toList();
  }

  public Declarables declarables() {
    DirectExchange work = new DirectExchange(exchange, true, false);
    Queue jobs = new Queue(queue, true);
    List<Declarable> all = new ArrayList<>(List.of(work, jobs, BindingBuilder.bind(jobs).to(work).with(routingKey)));
    for (Duration d : retryDelays) {
      all.add(new Queue(retryQueue(d), true, false, false, Map.of(
          "x-message-ttl", d.toMillis(),
          "x-dead-letter-exchange", exchange,
          "x-dead-letter-routing-key", routingKey)));
    }
    return new Declarables(all);
  }
}
