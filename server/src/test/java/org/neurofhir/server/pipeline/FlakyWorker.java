package org.neurofhir.server.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.neurofhir.pipeline.fhir.FhirPort;
import org.neurofhir.pipeline.fhir.FhirPortException;
import org.neurofhir.pipeline.task.JobStage;
import org.neurofhir.pipeline.workerapp.PipelineWorkerApplication;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A worker process whose FHIR server refuses, as if busy, the first {@code -Dflaky.failures} attempts to start
 * the Tasks named in {@code -Dflaky.tasks}: a job that fails transiently a known number of times and then succeeds.
 */
public final class FlakyWorker {

  private FlakyWorker() {}

  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(PipelineWorkerApplication.class, FailingTaskStarts.class);
    app.setAdditionalProfiles("worker");
    app.run(args);
  }

  @Configuration(proxyBeanMethods = false)
  static class FailingTaskStarts {

    @Bean
    static BeanPostProcessor flakyFhirPort() {
      Set<String> tasks = Set.of(System.getProperty("flaky.tasks", "").split(","));
      int failures = Integer.getInteger("flaky.failures", 2);
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          return bean instanceof FhirPort port ? new Flaky(port, tasks, failures) : bean;
        }
      };
    }
  }

  private record Flaky(FhirPort port, Set<String> tasks, int failures, Map<String, AtomicInteger> refused)
      implements FhirPort {

    Flaky(FhirPort port, Set<String> tasks, int failures) {
      this(port, tasks, failures, new ConcurrentHashMap<>());
    }

    @Override
    public <T extends Resource> T update(T resource) {
      if (resource instanceof Task t && tasks.contains(t.getIdElement().getIdPart())
          && JobStage.PREPROCESSING.label().equals(t.getBusinessStatus().getText())
          && refused.computeIfAbsent(t.getIdElement().getIdPart(), k -> new AtomicInteger()).incrementAndGet() <= failures) {
        throw new FhirPortException("HTTP 503 from the FHIR server (test: refusing to start Task/"
            + t.getIdElement().getIdPart() + ")", true, null);
      }
      return port.update(resource);
    }

    @Override
    public Bundle transaction(Bundle transaction) {
      return port.transaction(transaction);
    }

    @Override
    public <T extends Resource> Optional<T> read(Class<T> type, String id) {
      return port.read(type, id);
    }

    @Override
    public <T extends Resource> List<T> search(Class<T> type, String query) {
      return port.search(type, query);
    }
  }
}
