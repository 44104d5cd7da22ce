package org.neurofhir.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.EndpointInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spring.spi.CamelBeanPostProcessor;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** Beans built after start-up (as HAPI builds its per-request prototypes) are not scanned for Camel annotations. */
class CamelAnnotationScanAfterStartupTest extends ServerTestBase {

  @Autowired ApplicationContext context;
  @Autowired CamelBeanPostProcessor camelPostProcessor;
  @Autowired CamelContext camel;

  @Test
  void laterBeansKeepTheirCamelContextButAreNotScanned() {
    assertThat(camelPostProcessor.isEnabled()).isFalse();

    Probe probe = context.getAutowireCapableBeanFactory().createBean(Probe.class);

    assertThat(probe.producer).isNull();
    assertThat(probe.getCamelContext()).isSameAs(camel);
  }

  static class Probe implements CamelContextAware {
    @EndpointInject("direct:probe")
    ProducerTemplate producer;

    private CamelContext camelContext;

    @Override
    public CamelContext getCamelContext() {
      return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
      this.camelContext = camelContext;
    }
  }
}
