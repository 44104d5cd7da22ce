package org.neurofhir.server.operations;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Freezes the bean definitions as soon as every bean factory post-processor has run (bean post-processors are
 * created right after them), instead of at the end of the refresh.
 *
 * <p>Why: Spring caches "bean names by type" only once the configuration is frozen, but the web server is created
 * earlier, and creating it pulls in HAPI's RestfulServer and with it the ~150 resource DAOs and their dependencies.
 * Every one of those injections then scanned all ~2,000 bean definitions: 40 % of the main thread's start-up time
 * (JFR samples, server/README.md "Performance"). Nothing registers bean definitions after post-processing here;
 * singletons registered later (Spring Boot's web-server lifecycle beans) clear the cache themselves.
 */
class BeanDefinitionFreeze implements BeanPostProcessor, BeanFactoryAware {

  @Override
  public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
    if (beanFactory instanceof ConfigurableListableBeanFactory factory) {
      factory.freezeConfiguration();
    }
  }
}
