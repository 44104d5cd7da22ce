package org.neurofhir.pipeline.routes;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import org.neurofhir.dicom.series.SeriesCompleteEvent;
import org.neurofhir.pipeline.config.PipelineProperties;
import org.neurofhir.pipeline.intake.StudyIntake;
import org.neurofhir.pipeline.job.JobCodec;
import org.neurofhir.pipeline.job.SegmentationJob;
import org.neurofhir.pipeline.worker.JobFailures;
import org.neurofhir.pipeline.worker.SegmentationWorker;

/**
 * The pipeline's routes.
 * <ul>
 *   <li>{@code study-intake}: series-complete events (from {@link SeriesCompleteBridge}) → Patient/ImagingStudy
 *       upsert → Task + job when the study is complete;
 *   <li>{@code db-worker-N}: timers polling the database queue (transport=database);
 *   <li>{@code rabbitmq-worker}: consumes job messages, acknowledged only when the job has ended or its retry is
 *       with the broker (a worker that dies leaves its message unacknowledged and the broker hands it to another).
 * </ul>
 */
public class PipelineRoutes extends RouteBuilder {

  public static final String SERIES_COMPLETE = "seda:neurofhir-series-complete?size=10000";

  private final PipelineProperties props;
  private final StudyIntake intake;
  private final DatabaseJobRunner databaseRunner;
  private final SegmentationWorker worker;
  private final JobFailures failures;
  private final RabbitJobPublisher rabbitPublisher;

  /**
   * @param intake null in a worker process (no DICOM gateway)
   * @param databaseRunner null unless transport=database
   * @param rabbitPublisher null unless transport=rabbitmq
   */
  public PipelineRoutes(PipelineProperties props, StudyIntake intake, DatabaseJobRunner databaseRunner,
      SegmentationWorker worker, JobFailures failures, RabbitJobPublisher rabbitPublisher) {
    this.props = props;
    this.intake = intake;
    this.databaseRunner = databaseRunner;
    this.worker = worker;
    this.failures = failures;
    this.rabbitPublisher = rabbitPublisher;
  }

  @Override
  public void configure() {
    if (intake != null) {
      from(SERIES_COMPLETE).routeId("study-intake")
          .onException(Exception.class).handled(true)
              .log(org.apache.camel.LoggingLevel.ERROR, "study intake failed: ${exception.message}")
          .end()
          .process(e -> intake.onSeriesComplete(e.getMessage().getMandatoryBody(SeriesCompleteEvent.class)));
    }
    if (props.workers() <= 0) {
      return;
    }
    if (props.transport() == PipelineProperties.Transport.DATABASE && databaseRunner != null) {
      for (int n = 1; n <= props.workers(); n++) {
        from("timer:neurofhir-db-worker-" + n + "?delay=1000&period=" + props.pollInterval().toMillis())
            .routeId("db-worker-" + n)
            .process(e -> {
              while (databaseRunner.runOnce()) {
                // drain the queue before sleeping again
              }
            });
      }
    }
    if (props.transport() == PipelineProperties.Transport.RABBITMQ) {
      from("spring-rabbitmq:" + props.rabbitmq().exchange() + "?queues=" + props.rabbitmq().queue()
          + "&routingKey=" + props.rabbitmq().routingKey() + "&autoDeclare=false&acknowledgeMode=AUTO"
          + "&concurrentConsumers=" + props.workers() + "&prefetchCount=1&rejectAndDontRequeue=false")
          .routeId("rabbitmq-worker")
          .process(this::runMessage);
    }
  }

  /**
   * The attempt number is the message's header, plus one when the broker redelivers a message whose worker died
   * holding it, so the backoff and the maximum hold across workers and crashes. A failed attempt's retry goes to
   * the broker's delay queue and this consumer is free for the next job at once; the message is acknowledged (the
   * route returns) only after the broker confirmed the retry, so a crash in between redelivers it.
   */
  private void runMessage(Exchange exchange) throws Exception {
    SegmentationJob job = JobCodec.fromJson(exchange.getMessage().getMandatoryBody(String.class));
    Integer header = exchange.getMessage().getHeader(RabbitJobPublisher.ATTEMPT_HEADER, Integer.class);
    boolean redelivered = Boolean.TRUE.equals(
        exchange.getMessage().getHeader(SpringRabbitMQConstants.REDELIVERED, Boolean.class));
    int attempt = (header == null ? 1 : header) + (redelivered ? 1 : 0);
    try {
      worker.process(job);
    } catch (RuntimeException e) {
      JobFailures.Decision d = failures.onFailure(job.taskId(), attempt, e);
      if (d.retry()) {
        rabbitPublisher.publishRetry(job, attempt + 1, d.delay());
      }
    }
  }
}
