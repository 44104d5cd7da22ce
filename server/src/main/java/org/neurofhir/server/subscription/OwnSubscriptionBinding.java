package org.neurofhir.server.subscription;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Subscription;
import org.neurofhir.server.security.CallerAuthenticationToken;
import org.neurofhir.server.security.Interaction;
import org.neurofhir.server.security.RolePolicies;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * HAPI's websocket handler binds any connection to any websocket Subscription id it is sent ({@code bind 123}) and
 * then pings it on every match. Here a connection (authenticated by its bearer token at the handshake, like every
 * request) may bind only a Subscription its token's subject owns and whose scopes still read Subscriptions, or any
 * as an admin; otherwise it is told so and closed, the same words for an unknown id and another client's.
 */
final class OwnSubscriptionBinding extends WebSocketHandlerDecorator {

  private static final String BIND = "bind ";

  private final RolePolicies policies;
  private final IFhirResourceDao<Subscription> subscriptions;

  OwnSubscriptionBinding(WebSocketHandler hapi, RolePolicies policies, IFhirResourceDao<Subscription> subscriptions) {
    super(hapi);
    this.policies = policies;
    this.subscriptions = subscriptions;
  }

  @Override
  public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
    if (message instanceof TextMessage text && text.getPayload().startsWith(BIND)
        && !mayBind(session, text.getPayload().substring(BIND.length()).trim())) {
      session.sendMessage(new TextMessage("Invalid bind request - no websocket Subscription of this token with that id"));
      session.close(CloseStatus.POLICY_VIOLATION);
      return;
    }
    super.handleMessage(session, message);
  }

  private boolean mayBind(WebSocketSession session, String id) {
    if (!(session.getPrincipal() instanceof CallerAuthenticationToken token)) {
      return false;
    }
    var policy = policies.policyFor(token.caller());
    if (!policy.everything() && !policy.allowsForAnyPatient(SubscriptionWriteGuard.SUBSCRIPTION, Interaction.READ)) {
      return false;
    }
    Optional<Subscription> stored;
    try {
      IdType subscriptionId = new IdType(id);
      stored = subscriptionId.hasIdPart()
          ? Optional.of(subscriptions.read(subscriptionId.toUnqualifiedVersionless().withResourceType("Subscription"),
              new SystemRequestDetails()))
          : Optional.empty();
    } catch (BaseServerResponseException | IllegalArgumentException unknown) {
      stored = Optional.empty();
    }
    return stored.filter(s -> policy.everything() || SubscriptionOwner.isOwnedBy(s, token.caller().subject()))
        .isPresent();
  }
}
