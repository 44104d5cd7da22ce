package org.neurofhir.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.server.support.ServerProcess;
import org.neurofhir.server.support.TestDatabase;
import org.neurofhir.server.support.TestTokens;

/**
 * The server at {@code -Xmx1g} with its default settings receives many request bodies just under the size limit at
 * once (50 MB Binary resources, the dearest kind to parse): without the body budget three of four such requests
 * died with "Java heap space" (500). Now each one is either stored (201) or told to come back (503 with
 * Retry-After, nothing stored), never a 500, and the server still serves requests afterwards.
 * A server of its own (the suite's shared one runs with a larger heap and other tests' load).
 */
class RequestBodyMemoryBudgetTest {

  private static final int CONCURRENT = 5;
  /** Just under the default 50 MB limit once base64-encoded inside the JSON. */
  private static final int RAW_BYTES = 37 * 1024 * 1024;

  @TempDir static Path tmp;
  private static ServerProcess server;

  @BeforeAll
  static void startServerWithOneGigabyteHeap() throws Exception {
    Assumptions.assumeTrue(TestDatabase.available(), "database for this run not reachable");
    // the test profile lowers the body limit for the shared server; this one keeps the shipped default
    server = new ServerProcess(tmp, "1g", TestDatabase.separateDatabase(tmp.resolve("db")),
        List.of("--neurofhir.fhir.max-request-size=50MB"));
    Path log = Path.of("target", "request-body-memory-budget", TestDatabase.isPostgres() ? "postgresql.log" : "h2.log");
    server.start(log.toAbsolutePath(), Duration.ofMinutes(8));
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void concurrentNearLimitBodiesAreStoredOrDeferredNeverAnOutOfMemory() throws Exception {
    String token = new TestTokens(server.baseUrl()).admin();
    String tag = "budget-" + Long.toHexString(System.nanoTime());
    byte[] body = binaryJson(tag);
    assertThat(body.length).isBetween(45 * 1024 * 1024, 50 * 1024 * 1024);

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest post = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/fhir/Binary"))
        .timeout(Duration.ofMinutes(5))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
    List<HttpResponse<String>> answers = new ArrayList<>();
    try {
      List<Future<HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < CONCURRENT; i++) {
        sent.add(pool.submit(() -> http.send(post, HttpResponse.BodyHandlers.ofString())));
      }
      for (Future<HttpResponse<String>> f : sent) {
        answers.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }

    int stored = 0;
    for (HttpResponse<String> answer : answers) {
      assertThat(answer.statusCode()).as(answer.body()).isIn(201, 503);
      if (answer.statusCode() == 503) {
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(answer.body()).contains("OperationOutcome").contains("nothing was stored");
      } else {
        stored++;
      }
    }
    assertThat(stored).as("at least one body is admitted").isPositive();

    // nothing half-stored: exactly the admitted bodies exist, and the server still answers
    HttpResponse<String> search = http.send(HttpRequest.newBuilder(
            URI.create(server.baseUrl() + "/fhir/Binary?_summary=count&_security=" + "http://example.org/budget%7C" + tag))
        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(search.statusCode()).isEqualTo(200);
    Matcher total = Pattern.compile("\"total\"\\s*:\\s*(\\d+)").matcher(search.body());
    assertThat(total.find()).as(search.body()).isTrue();
    assertThat(Integer.parseInt(total.group(1))).isEqualTo(stored);
  }

  /** A Binary whose security label tells this run's resources apart, with random (incompressible) content. */
  private static byte[] binaryJson(String tag) {
    byte[] raw = new byte[RAW_BYTES];
    new Random(7).nextBytes(raw);
    String json = "{\"resourceType\":\"Binary\",\"meta\":{\"security\":[{\"system\":\"http://example.org/budget\",\"code\":\""
        + tag + "\"}]},\"contentType\":\"application/octet-stream\",\"data\":\""
        + Base64.getEncoder().encodeToString(raw) + "\"}";
    return json.getBytes(StandardCharsets.US_ASCII);
  }
}
