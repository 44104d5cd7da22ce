package org.neurofhir.pipeline.routes;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.neurofhir.pipeline.job.JobCodec;
import org.neurofhir.pipeline.job.SegmentationJob;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes job messages and returns only once the broker has confirmed that a queue holds them: a job, or a
 * failed job's next attempt, is never only in this process's memory. The attempt number travels in a header, so
 * it survives a worker's crash and the delay queue.
 */
public class RabbitJobPublisher {

  /** Header: the attempt this message is (1 for a new job). */
  public static final String ATTEMPT_HEADER = "neurofhir-attempt";

  private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(15);

  private final RabbitTemplate template;
  private final RabbitTopology topology;

  public RabbitJobPublisher(ConnectionFactory connections, RabbitTopology topology) {
    if (!connections.isPublisherConfirms() || !connections.isPublisherReturns()) {
      throw new IllegalStateException("neurofhir.pipeline.transport=rabbitmq needs publisher confirms and returns: "
          + "set spring.rabbitmq.publisher-confirm-type=correlated and spring.rabbitmq.publisher-returns=true");
    }
    this.template = new RabbitTemplate(connections);
    // Unroutable messages come back instead of being dropped (a delay queue not declared, a missing binding).
    this.template.setMandatory(true);
    this.topology = topology;
  }

  public void publish(SegmentationJob job) {
    send(topology.exchange(), topology.routingKey(), job, 1);
  }

  /** The job's next attempt, held by the broker for {@code delay} and then back on the work queue. */
  public void publishRetry(SegmentationJob job, int attempt, Duration delay) {
    if (!topology.retryDelays().contains(delay)) {
      throw new IllegalArgumentException("no delay queue for " + delay + "; declared: " + topology.retryDelays());
    }
    send("", topology.retryQueue(delay), job, attempt);
  }

  private void send(String exchange, String routingKey, SegmentationJob job, int attempt) {
    MessageProperties props = new MessageProperties();
    props.setContentType(MessageProperties.CONTENT_TYPE_TEXT_PLAIN);
    props.setContentEncoding(StandardCharsets.UTF_8.name());
    props.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
    props.setHeader(ATTEMPT_HEADER, attempt);
    Message message = new Message(JobCodec.toJson(job).getBytes(StandardCharsets.UTF_8), props);
    CorrelationData correlation = new CorrelationData("Task/" + job.taskId() + "#" + attempt);
    template.send(exchange, routingKey, message, correlation);
    String where = (exchange.isEmpty() ? "queue " : "exchange " + exchange + " key ") + routingKey;
    CorrelationData.Confirm confirm;
    try {
      confirm = correlation.getFuture().get(CONFIRM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AmqpException("interrupted waiting for the broker to confirm Task/" + job.taskId() + " to " + where, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AmqpException("the broker did not confirm Task/" + job.taskId() + " to " + where
          + " within " + CONFIRM_TIMEOUT.toSeconds() + " s", e);
    }
    if (!confirm.isAck()) {
      throw new AmqpException("the broker refused Task/" + job.taskId() + " to " + where + ": " + confirm.getReason());
    }
    if (correlation.getReturned() != null) {
      throw new AmqpException("no queue took Task/" + job.taskId() + " sent to " + where + ": "
          + correlation.getReturned().getReplyText());
    }
  }
}
