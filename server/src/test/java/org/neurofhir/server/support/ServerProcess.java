package org.neurofhir.server.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neurofhir.server.NeuroFhirServerApplication;

/**
 * The server in a JVM of its own (test profile, the tests' classpath), on fixed ports and a database that outlive
 * the process, so a test can kill it with SIGKILL and start it again on the same data.
 */
public final class ServerProcess {

  private final List<String> command;
  private final int httpPort;
  private final int dicomPort;
  private Process process;

  /**
   * @param database datasource properties (see TestDatabase.separateDatabase)
   * @param extraArgs further --key=value settings
   */
  public ServerProcess(Path dir, Map<String, String> database, List<String> extraArgs) throws IOException {
    this(dir, "1500m", database, extraArgs);
  }

  /** @param maxHeap the JVM's {@code -Xmx} */
  public ServerProcess(Path dir, String maxHeap, Map<String, String> database, List<String> extraArgs)
      throws IOException {
    this.httpPort = freePort();
    this.dicomPort = freePort();
    // Full JIT (no C1-only start-up flag): preprocessing is Java code and the test times the job after the restart.
    List<String> cmd = TestJvm.command(maxHeap, List.of());
    cmd.add(NeuroFhirServerApplication.class.getName());
    cmd.addAll(List.of("--spring.profiles.active=test", "--server.port=" + httpPort,
        "--neurofhir.dicom.port=" + dicomPort, "--neurofhir.dicom.storage-root=" + dir.resolve("dicom").toAbsolutePath()));
    database.forEach((k, v) -> cmd.add("--" + k + "=" + v));
    cmd.addAll(extraArgs);
    this.command = List.copyOf(cmd);
  }

  /** Starts the server, its output going to {@code log}; returns once it answers FHIR requests. */
  public void start(Path log, Duration timeout) throws IOException, InterruptedException {
    Files.createDirectories(log.getParent());
    process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest metadata = HttpRequest.newBuilder(URI.create(baseUrl() + "/fhir/metadata")).timeout(Duration.ofSeconds(10)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError("server exited with " + process.exitValue() + " while starting; see " + log);
      }
      try {
        if (http.send(metadata, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("server not up after " + timeout + "; see " + log);
      }
      Thread.sleep(250);
    }
  }

  /** SIGKILL: no shutdown hook, no graceful shutdown, nothing deregistered. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  public int dicomPort() {
    return dicomPort;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
