package org.neurofhir.server.operations;

import org.apache.camel.spring.spi.CamelBeanPostProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Once the application has started (Camel's routes included), stops Camel's bean post-processor from scanning later
 * beans for Camel annotations ({@code @EndpointInject}, {@code @Produce}, {@code @PropertyInject}, ...).
 *
 * <p>Why: HAPI builds prototype beans on every request (a search builder, its query executor, predicate builders), and
 * Camel's post-processor reflected over each one's fields and methods looking for annotations none of them can carry:
 * ~2 % of a search's request thread (JFR, server/README.md "Performance"). Camel annotations belong on beans built
 * while the application starts (the pipeline's routes and configuration; today none use them), and those are still
 * processed. {@code CamelContextAware} beans keep getting their context: Camel does that whether scanning is on or off.
 */
class CamelAnnotationScanAfterStartup implements ApplicationListener<ApplicationReadyEvent> {

  private final ObjectProvider<CamelBeanPostProcessor> camelPostProcessor;

  CamelAnnotationScanAfterStartup(ObjectProvider<CamelBeanPostProcessor> camelPostProcessor) {
    this.camelPostProcessor = camelPostProcessor;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    camelPostProcessor.ifAvailable(processor -> processor.setEnabled(false));
  }
}
