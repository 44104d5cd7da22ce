package org.neurofhir.server.operations;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.spring.spi.CamelBeanPostProcessor;
import org.neurofhir.server.fhir.FhirRestfulServerConfig.RestfulServerCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
public class OperationsConfig {

  /** Static: a post-processor must not make its configuration class be created early. */
  @Bean
  static BeanDefinitionFreeze beanDefinitionFreeze() {
    return new BeanDefinitionFreeze();
  }

  @Bean
  CamelAnnotationScanAfterStartup camelAnnotationScanAfterStartup(
      ObjectProvider<CamelBeanPostProcessor> camelPostProcessor) {
    return new CamelAnnotationScanAfterStartup(camelPostProcessor);
  }

  @Bean
  public RestfulServerCustomizer fhirRequestMetrics(MeterRegistry registry) {
    return server -> server.registerInterceptor(new FhirRequestMetricsInterceptor(registry));
  }
}
