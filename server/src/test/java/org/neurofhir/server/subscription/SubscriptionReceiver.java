package org.neurofhir.server.subscription;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.neurofhir.server.support.Poll;

/** An EHR's notification endpoint: a real HTTP server on a free loopback port that keeps every request it gets. */
final class SubscriptionReceiver implements AutoCloseable {

  /** One request as it arrived. */
  record Delivery(String method, String path, String contentType, String authorization, String body) {}

  private final HttpServer server;
  private final List<Delivery> received = new CopyOnWriteArrayList<>();

  SubscriptionReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/receiver/", exchange -> {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      received.add(new Delivery(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
          exchange.getRequestHeaders().getFirst("Content-Type"),
          exchange.getRequestHeaders().getFirst("Authorization"), body));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
  }

  /** The URL of a receiving path on this server, e.g. {@code http://127.0.0.1:5123/receiver/ehr-1}. */
  String url(String name) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/receiver/" + name;
  }

  Delivery await(String what, Predicate<Delivery> match) {
    Poll.until(Duration.ofSeconds(30), what, () -> first(match).isPresent());
    return first(match).orElseThrow();
  }

  Optional<Delivery> first(Predicate<Delivery> match) {
    return received.stream().filter(match).findFirst();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
