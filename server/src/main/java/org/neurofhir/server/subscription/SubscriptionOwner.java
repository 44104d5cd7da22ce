package org.neurofhir.server.subscription;

import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Resource;

/**
 * Who a Subscription belongs to: the subject of the token that created it (a system client's id), kept as a
 * {@code meta.tag} the server writes itself. Whatever tag of this system a client sends is replaced, so the tag
 * cannot be used to take over or hide behind another client's subscriptions.
 */
final class SubscriptionOwner {

  static final String TAG_SYSTEM = "https://neurofhir.org/CodeSystem/subscription-owner";

  private SubscriptionOwner() {}

  static Optional<String> of(IBaseResource subscription) {
    if (!(subscription instanceof Resource r)) {
      return Optional.empty();
    }
    return r.getMeta().getTag().stream()
        .filter(t -> TAG_SYSTEM.equals(t.getSystem()) && t.hasCode())
        .map(Coding::getCode)
        .findFirst();
  }

  static boolean isOwnedBy(IBaseResource subscription, String owner) {
    return of(subscription).map(owner::equals).orElse(false);
  }

  static void set(IBaseResource subscription, String owner) {
    Resource r = (Resource) subscription;
    r.getMeta().getTag().removeIf(t -> TAG_SYSTEM.equals(t.getSystem()));
    r.getMeta().addTag(TAG_SYSTEM, owner, "Subscription owner");
  }
}
