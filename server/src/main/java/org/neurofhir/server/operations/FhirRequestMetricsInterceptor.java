package org.neurofhir.server.operations;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Times every FHIR request into {@code fhir.requests} tagged by resource type, interaction and HTTP status, so
 * dashboards can tell a slow {@code Observation} search from a slow {@code Patient} read.
 */
@Interceptor
public class FhirRequestMetricsInterceptor {

  private final MeterRegistry registry;

  public FhirRequestMetricsInterceptor(MeterRegistry registry) {
    this.registry = registry;
  }

  @Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
  public void completed(ServletRequestDetails request) {
    RestOperationTypeEnum operation = request.getRestOperationType();
    String interaction = operation == null ? "unknown" : operation.getCode();
    if (request.getOperation() != null && !request.getOperation().isBlank()) {
      interaction = request.getOperation();
    }
    String resourceType = request.getResourceName() == null ? "system" : request.getResourceName();
    int status = request.getServletResponse() == null ? 0 : request.getServletResponse().getStatus();
    Timer.builder("fhir.requests")
        .description("FHIR REST requests")
        .tag("resource_type", resourceType)
        .tag("interaction", interaction)
        .tag("status", Integer.toString(status))
        .publishPercentileHistogram(false)
        .register(registry)
        .record(request.getRequestStopwatch().getMillis(), TimeUnit.MILLISECONDS);
  }
}
