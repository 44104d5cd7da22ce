package org.neurofhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.ConfigurableWebServerApplicationContext;
import org.springframework.boot.web.server.WebServer;

/** Start-up does not finish (so readiness stays down) until /fhir/metadata has answered 200. */
class FhirEndpointReadinessTest {

  private HttpServer fhir;
  private final AtomicInteger metadataRequests = new AtomicInteger();

  @AfterEach
  void stop() {
    if (fhir != null) {
      fhir.stop(0);
    }
  }

  @Test
  void asksTheServersOwnMetadataBeforeReportingReady() throws Exception {
    startFhirAnswering(200);

    new FhirEndpointReadiness(new ServerProperties(), Duration.ofSeconds(10)).awaitFhirEndpoint(readyEvent());

    assertThat(metadataRequests).hasValue(1);
  }

  @Test
  void failsStartUpWhenMetadataDoesNotAnswer200() throws Exception {
    startFhirAnswering(500);

    assertThatThrownBy(() -> new FhirEndpointReadiness(new ServerProperties(), Duration.ofSeconds(10))
        .awaitFhirEndpoint(readyEvent()))
        .hasMessageContaining("/fhir/metadata answered 500");
  }

  @Test
  void withoutAWebServerThereIsNothingToAsk() {
    ConfigurableWebServerApplicationContext context = mock(ConfigurableWebServerApplicationContext.class);
    new FhirEndpointReadiness(new ServerProperties(), Duration.ofSeconds(1))
        .awaitFhirEndpoint(new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO));

    assertThat(metadataRequests).hasValue(0);
  }

  private void startFhirAnswering(int status) throws Exception {
    fhir = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fhir.createContext("/fhir/metadata", exchange -> {
      metadataRequests.incrementAndGet();
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    fhir.start();
  }

  private ApplicationReadyEvent readyEvent() {
    WebServer webServer = mock(WebServer.class);
    when(webServer.getPort()).thenReturn(fhir.getAddress().getPort());
    ConfigurableWebServerApplicationContext context = mock(ConfigurableWebServerApplicationContext.class);
    when(context.getWebServer()).thenReturn(webServer);
    return new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO);
  }
}
