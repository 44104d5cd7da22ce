package org.neurofhir.pipeline.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code neurofhir.pipeline.*}: the segmentation pipeline.
 *
 * @param enabled false: no routes, no intake, no worker
 * @param transport where jobs wait: {@code database} (single process, default) or {@code rabbitmq}
 * @param workers jobs this process runs at once (0: this process only queues; workers elsewhere)
 * @param modelId the model every study is segmented with (a folder of the models directory)
 * @param modelsDir models directory; empty: -Dneurofhir.models.dir, $NEUROFHIR_MODELS_DIR, nearest models/ holding
 *     {@code modelId}, else the models shipped on the classpath ({@link ShippedModels})
 * @param maxAttempts attempts before a failing job's Task fails (a crashed worker's attempt counts)
 * @param retryBackoff wait before the 2nd attempt; doubles for each later one
 * @param pollInterval how often an idle database worker looks for a job
 * @param lease how long a claimed database job is held without renewal before another worker may take it
 * @param nodeId (transport=database) this node's id, the same across its restarts and unique among the processes
 *     sharing the database; a restarted node frees the jobs its previous incarnation died holding at once, not
 *     after the lease. Empty: the host name (a container's or pod's name)
 * @param nodeHeartbeat (transport=database) how often the node says it is alive; a restarted node whose predecessor
 *     still looks registered watches for three heartbeats before taking over (a live one would have beaten)
 * @param softwareVersion the pipeline version named in Provenance (empty: the jar's version)
 * @param rabbitmq exchange and queue of the rabbitmq transport (connection: spring.rabbitmq.*)
 * @param remote FHIR server of a remote worker (worker profile): base URL and client_credentials client
 */
@ConfigurationProperties(prefix = "neurofhir.pipeline")
public record PipelineProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("database") Transport transport,
    @DefaultValue("1") int workers,
    @DefaultValue("brats-phantom-unet2d") String modelId,
    @DefaultValue("") String modelsDir,
    @DefaultValue("3") int maxAttempts,
    @DefaultValue("10s") Duration retryBackoff,
    @DefaultValue("500ms") Duration pollInterval,
    @DefaultValue("5m") Duration lease,
    @DefaultValue("") String nodeId,
    @DefaultValue("5s") Duration nodeHeartbeat,
    @DefaultValue("") String softwareVersion,
    @DefaultValue Rabbitmq rabbitmq,
    @DefaultValue Remote remote) {

  public enum Transport { DATABASE, RABBITMQ }

  public record Rabbitmq(
      @DefaultValue("neurofhir.pipeline") String exchange,
      @DefaultValue("neurofhir.segmentation") String queue,
      @DefaultValue("segmentation") String routingKey) {}

  /**
   * @param fhirBaseUrl e.g. http://fhir.clinic:8080/fhir; set only in worker processes
   * @param tokenUrl OAuth2 token endpoint (empty: no token, for an open server)
   */
  public record Remote(
      @DefaultValue("") String fhirBaseUrl,
      @DefaultValue("") String tokenUrl,
      @DefaultValue("") String clientId,
      @DefaultValue("") String clientSecret,
      @DefaultValue("") String scope) {}
}
