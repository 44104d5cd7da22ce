package org.neurofhir.pipeline.config;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.camel.ProducerTemplate;
import org.neurofhir.dicom.config.DicomGatewayProperties;
import org.neurofhir.dicom.mapping.StudyResourcesLookup;
import org.neurofhir.dicom.store.InstanceIndex;
import org.neurofhir.dicom.airesult.AiResultsPublisher;
import org.neurofhir.dicom.store.InstanceStore;
import org.neurofhir.dicom.toolkit.PixelmedFileReader;
import org.neurofhir.dicom.volume.SeriesVolumeReader;
import org.neurofhir.inference.model.ModelRegistry;
import org.neurofhir.pipeline.fhir.ClientCredentialsToken;
import org.neurofhir.pipeline.fhir.FhirPort;
import org.neurofhir.pipeline.fhir.RestFhirPort;
import org.neurofhir.pipeline.intake.StudyIntake;
import org.neurofhir.pipeline.job.DatabaseJobQueue;
import org.neurofhir.pipeline.job.JobQueue;
import org.neurofhir.pipeline.job.NodeRegistration;
import org.neurofhir.pipeline.metrics.PipelineMetrics;
import org.neurofhir.pipeline.routes.DatabaseJobRunner;
import org.neurofhir.pipeline.routes.PipelineRoutes;
import org.neurofhir.pipeline.routes.RabbitJobPublisher;
import org.neurofhir.pipeline.routes.RabbitJobQueue;
import org.neurofhir.pipeline.routes.RabbitTopology;
import org.neurofhir.pipeline.routes.SeriesCompleteBridge;
import org.neurofhir.pipeline.task.SegmentationTasks;
import org.neurofhir.pipeline.worker.JobFailures;
import org.neurofhir.pipeline.worker.DicomAiResults;
import org.neurofhir.pipeline.worker.SegmentationWorker;
import org.neurofhir.pipeline.worker.VolumeAssembler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wires the pipeline. The host supplies a {@link FhirPort} (the server: in-process on its DAOs); a worker process
 * without one gets {@link RestFhirPort} from {@code neurofhir.pipeline.remote.*}. Intake exists only where the
 * DICOM gateway runs; the database queue only where a DataSource is.
 */
@AutoConfiguration(afterName = {
    "org.neurofhir.dicom.config.DicomGatewayAutoConfiguration",
    "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnProperty(prefix = "neurofhir.pipeline", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(PipelineProperties.class)
public class PipelineAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(PipelineAutoConfiguration.class);

  @Bean
  @ConditionalOnMissingBean(FhirPort.class)
  FhirPort restFhirPort(PipelineProperties p) {
    PipelineProperties.Remote r = p.remote();
    if (r.fhirBaseUrl().isBlank()) {
      throw new IllegalStateException("no in-process FHIR server here: set neurofhir.pipeline.remote.fhir-base-url "
          + "(and token-url, client-id, client-secret) for a worker process");
    }
    ClientCredentialsToken token = r.tokenUrl().isBlank() ? null
        : new ClientCredentialsToken(URI.create(r.tokenUrl()), r.clientId(), r.clientSecret(), r.scope(), Clock.systemUTC());
    return new RestFhirPort(FhirContext.forR4Cached(), r.fhirBaseUrl(), token);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  ModelRegistry pipelineModelRegistry(PipelineProperties p) {
    ModelRegistry registry = new ModelRegistry(
        modelsDirectory(p, Path.of(""), PipelineAutoConfiguration.class.getClassLoader()), Math.max(1, p.workers()));
    log.info("Segmentation models from {} (model {}; loaded on the first job)", registry.modelsDirectory(), p.modelId());
    return registry;
  }

  /**
   * A directory that was set ({@code models-dir}, -D{@value ModelRegistry#MODELS_DIR_PROPERTY},
   * ${@value ModelRegistry#MODELS_DIR_ENV}) is used as it is; otherwise the nearest {@code models/} above the working
   * directory that holds the configured model (a repository checkout), else the models shipped in the jar, so that
   * the server finds its model wherever it is started from.
   */
  static Path modelsDirectory(PipelineProperties p, Path workingDirectory, ClassLoader classpath) {
    if (!p.modelsDir().isBlank()) {
      return Path.of(p.modelsDir());
    }
    return ModelRegistry.configuredModelsDirectory()
        .or(() -> ModelRegistry.nearestModelsDirectory(workingDirectory)
            .filter(dir -> Files.isRegularFile(dir.resolve(p.modelId()).resolve("model.json"))))
        .or(() -> ShippedModels.extract(classpath))
        .orElseThrow(() -> new IllegalStateException("no segmentation model '" + p.modelId() + "': this jar ships "
            + "none and no models/ folder holding it is above " + workingDirectory.toAbsolutePath() + "; set "
            + "neurofhir.pipeline.models-dir, or neurofhir.pipeline.enabled=false to run without the pipeline"));
  }

  @Bean
  JobQueue pipelineJobQueue(PipelineProperties p, ObjectProvider<DataSource> dataSource,
      ObjectProvider<RabbitJobPublisher> rabbitPublisher) {
    if (p.transport() == PipelineProperties.Transport.RABBITMQ) {
      return new RabbitJobQueue(rabbitPublisher.getObject());
    }
    DataSource ds = dataSource.getIfAvailable();
    if (ds == null) {
      throw new IllegalStateException("neurofhir.pipeline.transport=database needs a DataSource; a worker process "
          + "without database access uses transport=rabbitmq");
    }
    return new DatabaseJobQueue(new JdbcTemplate(ds), Clock.systemUTC());
  }

  @Bean
  @ConditionalOnProperty(prefix = "neurofhir.pipeline", name = "transport", havingValue = "rabbitmq")
  RabbitTopology pipelineRabbitTopology(PipelineProperties p) {
    return RabbitTopology.of(p);
  }

  /** Declared by Spring AMQP's RabbitAdmin whenever a connection opens, in the server and in every worker. */
  @Bean
  @ConditionalOnProperty(prefix = "neurofhir.pipeline", name = "transport", havingValue = "rabbitmq")
  Declarables pipelineRabbitDeclarables(RabbitTopology topology) {
    return topology.declarables();
  }

  @Bean
  @ConditionalOnProperty(prefix = "neurofhir.pipeline", name = "transport", havingValue = "rabbitmq")
  RabbitJobPublisher pipelineRabbitPublisher(ConnectionFactory connections, RabbitTopology topology) {
    return new RabbitJobPublisher(connections, topology);
  }

  @Bean
  PipelineMetrics pipelineMetrics(ObjectProvider<MeterRegistry> registry, JobQueue queue) {
    return new PipelineMetrics(registry.getIfAvailable(SimpleMeterRegistry::new), queue);
  }

  @Bean
  SegmentationTasks segmentationTasks(FhirPort fhir) {
    return new SegmentationTasks(fhir, Clock.systemUTC());
  }

  @Bean
  SegmentationWorker segmentationWorker(FhirPort fhir, SegmentationTasks tasks, ModelRegistry models,
      ObjectProvider<SeriesVolumeReader> seriesReader, PipelineMetrics metrics, PipelineProperties p,
      ObjectProvider<AiResultsPublisher> dicomResults) {
    SeriesVolumeReader reader = seriesReader.getIfAvailable(() -> new SeriesVolumeReader(new PixelmedFileReader()));
    AiResultsPublisher publisher = dicomResults.getIfAvailable();
    return new SegmentationWorker(fhir, tasks, models, new VolumeAssembler(reader), metrics, softwareVersion(p),
        Clock.systemUTC(), publisher == null ? null : new DicomAiResults(publisher));
  }

  @Bean
  JobFailures jobFailures(SegmentationTasks tasks, PipelineMetrics metrics, PipelineProperties p) {
    return new JobFailures(tasks, metrics, p.maxAttempts(), p.retryBackoff());
  }

  /** Only where jobs run: a node that only queues (workers 0) holds no leases and needs no node registration. */
  @Bean(destroyMethod = "shutdown")
  @ConditionalOnProperty(prefix = "neurofhir.pipeline", name = "transport", havingValue = "database", matchIfMissing = true)
  @ConditionalOnExpression("${neurofhir.pipeline.workers:1} > 0")
  DatabaseJobRunner databaseJobRunner(JobQueue queue, SegmentationWorker worker, JobFailures failures,
      PipelineProperties p) {
    DatabaseJobQueue db = (DatabaseJobQueue) queue;
    NodeRegistration node = new NodeRegistration(db.jdbc(), nodeId(p),
        ManagementFactory.getRuntimeMXBean().getName(), p.nodeHeartbeat(), Clock.systemUTC());
    return new DatabaseJobRunner(db, worker, failures, node, p.lease(), p.nodeHeartbeat());
  }

  /**
   * The host name survives a process or container restart (a pod keeps its name when its container restarts) and
   * differs between pods and hosts; processes sharing one host and one database need node-id set apart.
   */
  static String nodeId(PipelineProperties p) {
    if (!p.nodeId().isBlank()) {
      return p.nodeId();
    }
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        throw new IllegalStateException("no host name to use as pipeline node id: set neurofhir.pipeline.node-id", e);
      }
    }
    return host;
  }

  @Bean
  PipelineRoutes pipelineRoutes(PipelineProperties p, ObjectProvider<StudyIntake> intake,
      ObjectProvider<DatabaseJobRunner> runner, SegmentationWorker worker, JobFailures failures,
      ObjectProvider<RabbitJobPublisher> rabbitPublisher) {
    return new PipelineRoutes(p, intake.getIfAvailable(), runner.getIfAvailable(), worker, failures,
        rabbitPublisher.getIfAvailable());
  }

  /** Intake: only in the process that runs the DICOM gateway. */
  @AutoConfiguration
  @org.springframework.boot.autoconfigure.condition.ConditionalOnBean(StudyResourcesLookup.class)
  static class IntakeConfiguration {

    @Bean
    StudyIntake studyIntake(FhirPort fhir, StudyResourcesLookup lookup, InstanceIndex index, InstanceStore store,
        DicomGatewayProperties dicom, SegmentationTasks tasks, JobQueue queue, ModelRegistry models,
        PipelineProperties p) {
      return new StudyIntake(fhir, lookup, index, store, dicom.seriesQuietPeriod(), tasks, queue,
          () -> models.manifest(p.modelId()), Clock.systemUTC());
    }

    @Bean
    SeriesCompleteBridge seriesCompleteBridge(ProducerTemplate producer) {
      return new SeriesCompleteBridge(producer);
    }
  }

  static String softwareVersion(PipelineProperties p) {
    if (!p.softwareVersion().isBlank()) {
      return p.softwareVersion();
    }
    String v = PipelineAutoConfiguration.class.getPackage().getImplementationVersion();
    return v == null ? "development build" : v;
  }
}
