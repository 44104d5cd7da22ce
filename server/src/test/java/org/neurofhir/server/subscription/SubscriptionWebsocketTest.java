package org.neurofhir.server.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType;
import org.hl7.fhir.r4.model.Subscription.SubscriptionStatus;
import org.junit.jupiter.api.Test;

/**
 * The websocket channel at {@code /websocket}: the handshake needs a bearer token, a connection binds only its own
 * client's Subscription, and a bound connection is pinged when a matching resource is stored.
 */
class SubscriptionWebsocketTest extends SubscriptionTestBase {

  private static final String CLOSED = "(closed)";

  @Test
  void theHandshakeNeedsAToken() {
    assertThatThrownBy(() -> connect(null).get(30, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(WebSocketHandshakeException.class)
        .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
  }

  @Test
  void aClientBindsItsOwnSubscriptionAndIsPingedButCannotBindAnothers() throws Exception {
    Ehr owner = ehr("system/Subscription.cruds", "system/DiagnosticReport.rs");
    Ehr other = ehr("system/Subscription.cruds", "system/DiagnosticReport.rs");
    String id = createActive(websocket(SEGMENTATION_REPORTS), owner.token());

    Messages intruder = new Messages();
    WebSocket refused = connect(other.token(), intruder).get(30, TimeUnit.SECONDS);
    refused.sendText("bind " + id, true);
    assertThat(intruder.next()).startsWith("Invalid bind request");
    assertThat(intruder.next()).isEqualTo(CLOSED);

    Messages mine = bindWhenRegistered(owner.token(), id);
    report(newPatient(), "18748-4");
    assertThat(mine.next()).isEqualTo("ping " + id);
  }

  /** HAPI binds a Subscription once it is registered for matching, a moment after it is marked active. */
  private Messages bindWhenRegistered(String token, String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Messages messages = new Messages();
      WebSocket socket = connect(token, messages).get(30, TimeUnit.SECONDS);
      socket.sendText("bind " + id, true);
      if (("bound " + id).equals(messages.next())) {
        return messages;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("Subscription/" + id + " never bound");
  }

  private static Subscription websocket(String criteria) {
    Subscription s = new Subscription();
    s.setStatus(SubscriptionStatus.REQUESTED);
    s.setReason("ping the EHR");
    s.setCriteria(criteria);
    s.getChannel().setType(SubscriptionChannelType.WEBSOCKET);
    return s;
  }

  private CompletableFuture<WebSocket> connect(String token) {
    return connect(token, new Messages());
  }

  private CompletableFuture<WebSocket> connect(String token, Messages messages) {
    WebSocket.Builder builder = http.newWebSocketBuilder();
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder.buildAsync(URI.create("ws://localhost:" + port + SubscriptionWebsocketConfig.PATH), messages);
  }

  /** What a connection received, in order; {@link #CLOSED} once the server closed it. */
  private static final class Messages implements WebSocket.Listener {
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        received.add(partial.toString());
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
      received.add(CLOSED);
      return null;
    }

    String next() throws InterruptedException {
      String message = received.poll(30, TimeUnit.SECONDS);
      if (message == null) {
        throw new AssertionError("no websocket message within 30 s");
      }
      return message;
    }
  }
}
