package org.neurofhir.server.subscription;

import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.util.HapiExtensions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType;
import org.neurofhir.server.fhir.search.MatchUrlValues;
import org.neurofhir.server.security.AccessPolicy;
import org.neurofhir.server.security.Interaction;
import org.neurofhir.server.security.SearchFilterGuard;

/**
 * What a Subscription may ask for. HAPI matches and delivers with the server's rights, so whatever a subscription
 * names goes out regardless of who asked: its criteria (and HAPI's payload-search-criteria extension, whose search
 * is sent along) may name only a type its owner may read and search for every patient, and filter only on what the
 * owner may search ({@link SearchFilterGuard}'s rule for conditional URLs: a match is an answer too). The channel
 * is rest-hook (to an allowed receiver, {@link RestHookEndpoints}) or websocket.
 */
final class SubscriptionContent {

  private static final Pattern CRITERIA = Pattern.compile("([A-Z][A-Za-z]+)\\?(.*)", Pattern.DOTALL);
  private static final String SUBSCRIPTION = "Subscription";

  private final boolean websocket;
  private final RestHookEndpoints endpoints;
  private final SearchFilterGuard filters;
  private final MatchUrlValues values;
  private final Set<String> resourceTypes;

  SubscriptionContent(boolean websocket, RestHookEndpoints endpoints, SearchFilterGuard filters, MatchUrlValues values,
      Set<String> resourceTypes) {
    this.websocket = websocket;
    this.endpoints = endpoints;
    this.filters = filters;
    this.values = values;
    this.resourceTypes = resourceTypes;
  }

  /**
   * @param policy what the subscription's writer may do
   * @param ownServer this server's FHIR base as the request reached it
   * @throws UnprocessableEntityException for a channel or criteria the server does not take
   * @throws ForbiddenOperationException for criteria reaching data the writer may not read
   */
  void check(Subscription subscription, AccessPolicy policy, String ownServer) {
    Subscription.SubscriptionChannelComponent channel = subscription.getChannel();
    SubscriptionChannelType type = channel.getType();
    if (type == SubscriptionChannelType.RESTHOOK) {
      endpoints.refusal(channel.getEndpoint(), ownServer).ifPresent(SubscriptionContent::unprocessable);
      endpoints.headerRefusal(channel.getHeader().stream().map(PrimitiveType::getValue).toList())
          .ifPresent(SubscriptionContent::unprocessable);
    } else if (type != SubscriptionChannelType.WEBSOCKET || !websocket) {
      unprocessable("Subscription.channel.type must be rest-hook" + (websocket ? " or websocket" : "")
          + " on this server");
    }
    checkSearch(subscription.getCriteria(), "Subscription.criteria", policy);
    for (String payloadSearch : payloadSearchCriteria(subscription)) {
      checkSearch(payloadSearch, "the payload-search-criteria extension", policy);
    }
  }

  private void checkSearch(String criteria, String where, AccessPolicy policy) {
    Matcher m = criteria == null ? null : CRITERIA.matcher(criteria);
    if (m == null || !m.matches() || !resourceTypes.contains(m.group(1))) {
      unprocessable(where + " must be one resource type and its search parameters, e.g. "
          + "DiagnosticReport?code=http://loinc.org|18748-4");
    }
    String type = m.group(1);
    if (SUBSCRIPTION.equals(type) && !policy.everything()) {
      throw new ForbiddenOperationException("Only admins subscribe to Subscriptions: they hold other clients'"
          + " endpoints and headers");
    }
    if (!policy.allowsForAnyPatient(type, Interaction.READ) || !policy.allowsForAnyPatient(type, Interaction.SEARCH)) {
      throw new ForbiddenOperationException(where + " names " + type + ", which this token may not read and search"
          + " for every patient (a Subscription is notified of every patient's " + type + "; it needs system/"
          + type + ".rs)");
    }
    // values first: the filter rule reads the parameters as already well-formed (decoded) text
    try {
      values.check(type, m.group(2));
    } catch (InvalidRequestException refused) {
      unprocessable(where + ": " + refused.getMessage());
    }
    filters.checkMatchUrl(policy, criteria);
  }

  /** HAPI reads this extension on the Subscription or its channel. */
  private static List<String> payloadSearchCriteria(Subscription subscription) {
    List<Extension> found = new ArrayList<>(subscription.getExtension());
    found.addAll(subscription.getChannel().getExtension());
    return found.stream()
        .filter(e -> HapiExtensions.EXT_SUBSCRIPTION_PAYLOAD_SEARCH_CRITERIA.equals(e.getUrl()))
        .map(e -> e.getValue() instanceof StringType s ? s.getValue() : null)
        .toList();
  }

  private static void unprocessable(String message) {
    throw new UnprocessableEntityException(message);
  }
}
