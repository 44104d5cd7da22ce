package org.neurofhir.server.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.neurofhir.server.fhir.FhirServerProperties;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration
public class WebConfig {

  @Bean
  public FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(
      FhirServerProperties props, ApplicationEventPublisher events) {
    FilterRegistrationBean<RequestSizeLimitFilter> registration =
        new FilterRegistrationBean<>(new RequestSizeLimitFilter(props.maxRequestSize().toBytes(), events));
    registration.addUrlPatterns("/fhir/*");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  @Bean
  public RequestBodyMemoryBudget requestBodyMemoryBudget(FhirServerProperties props) {
    return new RequestBodyMemoryBudget(props.requestBodyMemoryBytes(), props.requestBodyMemoryFactor(),
        props.maxRequestSize().toBytes(), props.requestBodyWait());
  }

  @Bean
  public FilterRegistrationBean<RequestBodyMemoryBudget> requestBodyMemoryBudgetRegistration(
      RequestBodyMemoryBudget budget) {
    FilterRegistrationBean<RequestBodyMemoryBudget> registration = new FilterRegistrationBean<>(budget);
    registration.addUrlPatterns("/fhir/*");
    // after Spring Security's filters: only an authenticated caller can hold any of the budget
    registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 10);
    return registration;
  }

  @Bean
  public MeterBinder requestBodyMemoryMetrics(RequestBodyMemoryBudget budget) {
    return registry -> {
      Gauge.builder("neurofhir.request.bodies.bytes", budget, RequestBodyMemoryBudget::bytesInUse)
          .description("Heap charged to request bodies being parsed and stored").baseUnit("bytes")
          .register(registry);
      Gauge.builder("neurofhir.request.bodies.waiting", budget, RequestBodyMemoryBudget::waiting)
          .description("Requests waiting for room in the request body memory budget")
          .register(registry);
    };
  }
}
