package org.neurofhir.server.fhir;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;

/**
 * Readiness means {@code /fhir} answers: the last step of start-up asks this server for its own
 * {@code /fhir/metadata} and logs one "ready" line once it has answered 200.
 *
 * <p>Why: HAPI builds the CapabilityStatement on the first {@code /metadata} request, and until then nothing had
 * answered on {@code /fhir}; the first client's request paid for it 5-13 s after the "Started" line (and up to a
 * minute on a loaded 2-core box, server/README.md "Performance"), and readiness said nothing about it. Spring Boot
 * reports readiness ({@code /actuator/health/readiness}) only after every {@link ApplicationReadyEvent} listener has
 * returned, so this listener, ordered after the conformance package install, holds readiness back until {@code /fhir}
 * serves.
 */
public class FhirEndpointReadiness {

  /** After {@code ConformancePackageInstaller}: the CapabilityStatement lists the package's search parameters. */
  public static final int ORDER = 100;

  private static final Logger log = LoggerFactory.getLogger(FhirEndpointReadiness.class);

  private final ServerProperties server;
  private final Duration timeout;

  public FhirEndpointReadiness(ServerProperties server, Duration timeout) {
    this.server = server;
    this.timeout = timeout;
  }

  @EventListener(ApplicationReadyEvent.class)
  @Order(ORDER)
  public void awaitFhirEndpoint(ApplicationReadyEvent event) {
    if (!(event.getApplicationContext() instanceof WebServerApplicationContext web) || web.getWebServer() == null
        || web.getWebServer().getPort() <= 0) {
      return;
    }
    if (server.getSsl() != null && server.getSsl().isEnabled()) {
      // its certificate may be one this JVM does not trust (self-signed, internal CA): not probed
      log.info("NeuroFHIR ready ({} s after JVM launch; /fhir not probed over TLS)",
          ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
      return;
    }
    URI metadata = metadataUri(web.getWebServer().getPort());
    long start = System.nanoTime();
    int status = fetchStatus(metadata);
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    double sinceLaunch = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
    if (status == 200) {
      log.info("NeuroFHIR ready: {} answered 200 in {} ms, {} s after JVM launch", metadata, tookMs, sinceLaunch);
    } else {
      throw new IllegalStateException("NeuroFHIR not ready: " + metadata + " answered " + status + " after " + tookMs
          + " ms");
    }
  }

  private URI metadataUri(int port) {
    String host = server.getAddress() == null || server.getAddress().isAnyLocalAddress()
        ? "127.0.0.1" : server.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    String context = server.getServlet().getContextPath() == null ? "" : server.getServlet().getContextPath();
    return URI.create("http://" + host + ":" + port + context + "/fhir/metadata");
  }

  private int fetchStatus(URI uri) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/fhir+json").GET()
        .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + uri, e);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("NeuroFHIR not ready: " + uri + " did not answer: " + e.getMessage(), e);
    }
  }
}
