package org.neurofhir.server.review;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code neurofhir_review_decisions_total{decision, model_version}}: how often clinicians accept, amend or reject each
 * model version's output; a rising share of amend/reject for one version is the first sign it drifts.
 */
public class ReviewDecisionMetrics {

  static final String NAME = "neurofhir.review.decisions";

  private final MeterRegistry registry;

  public ReviewDecisionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void record(ReviewDecision decision, String modelVersion) {
    Counter.builder(NAME)
        .description("Clinician decisions on AI segmentation reports")
        .tag("decision", decision.code())
        .tag("model_version", modelVersion)
        .register(registry)
        .increment();
  }
}
