package org.neurofhir.server.pipeline;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.neurofhir.pipeline.workerapp.PipelineWorkerApplication;
import org.neurofhir.server.support.TestJvm;

/** Pipeline worker JVMs (same classpath as the tests, worker profile) against the test server and RabbitMQ. */
final class WorkerProcesses {

  /** RabbitMQ for the tests: TEST_RABBITMQ_URL, else the local default broker. */
  static final String RABBITMQ_URL = System.getenv().getOrDefault("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672");

  private WorkerProcesses() {}

  /** Whether the broker answers; with TEST_RABBITMQ_URL set, an unreachable broker is a failure, not a skip. */
  static boolean rabbitAvailable() {
    URI uri = URI.create(RABBITMQ_URL);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 5672 : uri.getPort()), 2000);
      return true;
    } catch (IOException e) {
      if (System.getenv("TEST_RABBITMQ_URL") != null) {
        throw new IllegalStateException("TEST_RABBITMQ_URL is set but " + RABBITMQ_URL + " does not answer", e);
      }
      return false;
    }
  }

  /** Backoff of the test workers: long enough that a consumer held through it would show. */
  static final String RETRY_BACKOFF = "1s";

  static Process start(String baseUrl, String exchange, String queue, Path log) throws IOException {
    return start(PipelineWorkerApplication.class.getName(), List.of(), RETRY_BACKOFF, baseUrl, exchange, queue, log);
  }

  /**
   * @param mainClass PipelineWorkerApplication, or a test variant of it
   * @param jvmArgs extra -D options for the worker JVM
   */
  static Process start(String mainClass, List<String> jvmArgs, String retryBackoff, String baseUrl, String exchange,
      String queue, Path log) throws IOException {
    List<String> options = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1")); // workers start faster with C1 only
    options.addAll(jvmArgs);
    List<String> cmd = TestJvm.command("700m", options);
    cmd.addAll(List.of(mainClass,
        "--neurofhir.pipeline.remote.fhir-base-url=" + baseUrl + "/fhir",
        "--neurofhir.pipeline.remote.token-url=" + baseUrl + "/oauth2/token",
        "--neurofhir.pipeline.remote.client-id=test-admin",
        "--neurofhir.pipeline.remote.client-secret=test-admin-secret",
        "--neurofhir.pipeline.remote.scope=system/*.cruds",
        "--neurofhir.pipeline.retry-backoff=" + retryBackoff,
        "--neurofhir.pipeline.rabbitmq.exchange=" + exchange,
        "--neurofhir.pipeline.rabbitmq.queue=" + queue,
        "--neurofhir.pipeline.rabbitmq.routing-key=" + queue,
        "--spring.rabbitmq.addresses=" + RABBITMQ_URL,
        "--logging.level.root=WARN", "--logging.level.org.neurofhir=INFO"));
    Files.createDirectories(log.getParent());
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  static long linesContaining(Path log, String text) throws IOException {
    try (var lines = Files.lines(log)) {
      return lines.filter(l -> l.contains(text)).count();
    }
  }
}
