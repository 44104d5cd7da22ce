package org.neurofhir.pipeline.routes;

import org.apache.camel.ProducerTemplate;
import org.neurofhir.dicom.series.SeriesCompleteEvent;
import org.springframework.context.event.EventListener;

/**
 * Hands the gateway's Spring event to the intake route without blocking the gateway's tracker thread. Nothing is
 * lost if the process stops before intake: the instances are stored, and re-sending (or any later series of the
 * study) runs the intake again.
 */
public class SeriesCompleteBridge {

  private final ProducerTemplate producer;

  public SeriesCompleteBridge(ProducerTemplate producer) {
    this.producer = producer;
  }

  @EventListener
  public void on(SeriesCompleteEvent event) {
    producer.sendBody(PipelineRoutes.SERIES_COMPLETE, event);
  }
}
