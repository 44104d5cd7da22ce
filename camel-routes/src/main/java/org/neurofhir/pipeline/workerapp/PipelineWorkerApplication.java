package org.neurofhir.pipeline.workerapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;

/**
 * A worker process: no FHIR server, no DICOM gateway, no database; consumes jobs from RabbitMQ and writes results
 * through the FHIR REST API with a client_credentials token. Runs from the same jar as the server (profile
 * {@code worker}, see camel-routes/README.md).
 */
@SpringBootApplication(exclude = DataSourceAutoConfiguration.class)
public class PipelineWorkerApplication {

  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(PipelineWorkerApplication.class);
    app.setAdditionalProfiles("worker");
    app.run(args);
  }
}
