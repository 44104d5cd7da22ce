package org.neurofhir.server.subscription;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.subscription.match.deliver.websocket.SubscriptionWebsocketHandler;
import ca.uhn.fhir.jpa.subscription.match.deliver.websocket.WebsocketConnectionValidator;
import java.util.List;
import org.hl7.fhir.r4.model.Subscription;
import org.neurofhir.server.fhir.FhirServerProperties;
import org.neurofhir.server.security.RolePolicies;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.PerConnectionWebSocketHandler;

/**
 * The websocket channel at {@code /websocket} (HAPI's handler, one per connection), in place of HAPI's
 * WebsocketDispatcherConfig, which lets any origin in and any connection bind any Subscription. The handshake is an
 * ordinary request of the API's security chain (bearer token required); binding is {@link OwnSubscriptionBinding}'s
 * rule; browsers may connect only from {@code neurofhir.fhir.cors-allowed-origins}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@ConditionalOnExpression("${neurofhir.subscriptions.enabled:true} and ${neurofhir.subscriptions.websocket:true}")
public class SubscriptionWebsocketConfig implements WebSocketConfigurer {

  public static final String PATH = "/websocket";

  private final PerConnectionWebSocketHandler hapiHandler;
  private final RolePolicies policies;
  private final DaoRegistry daos;
  private final List<String> allowedOrigins;

  SubscriptionWebsocketConfig(PerConnectionWebSocketHandler hapiHandler, RolePolicies policies, DaoRegistry daos,
      FhirServerProperties fhir) {
    this.hapiHandler = hapiHandler;
    this.policies = policies;
    this.daos = daos;
    this.allowedOrigins = fhir.corsAllowedOrigins();
  }

  @Bean
  WebsocketConnectionValidator websocketConnectionValidator() {
    return new WebsocketConnectionValidator();
  }

  @Bean
  static PerConnectionWebSocketHandler subscriptionWebSocketHandler() {
    return new PerConnectionWebSocketHandler(SubscriptionWebsocketHandler.class);
  }

  @Override
  public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
    registry.addHandler(new OwnSubscriptionBinding(hapiHandler, policies, daos.getResourceDao(Subscription.class)), PATH)
        .setAllowedOriginPatterns(allowedOrigins.toArray(String[]::new));
  }
}
