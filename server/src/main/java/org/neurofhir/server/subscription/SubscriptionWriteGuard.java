package org.neurofhir.server.subscription;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Subscription;
import org.neurofhir.server.security.AccessPolicy;
import org.neurofhir.server.security.Caller;
import org.neurofhir.server.security.Interaction;
import org.neurofhir.server.security.Role;
import org.neurofhir.server.security.RolePolicies;

/**
 * Who may hold Subscriptions, and on what terms. A Subscription is a standing query answered with the server's
 * rights to a receiver outside it, for every patient: it is for system clients with {@code system/Subscription}
 * scopes (c to create, u to update, d to delete, r/s to read their own) and admins. Doctors, nurses, secretaries and
 * patients get 403 on the type, whatever their {@code *} grants say. A client keeps at most
 * {@code max-per-owner} subscriptions, changes and deletes only its own ({@link SubscriptionOwner}); admins reach
 * all. What a subscription may ask for is {@link SubscriptionContent}'s rule.
 *
 * <p>Checked where HAPI stores, so also for batch and transaction entries; registered on the REST server only, so
 * HAPI's own status updates (requested → active) pass.
 */
public class SubscriptionWriteGuard {

  static final String SUBSCRIPTION = "Subscription";
  private static final String STAFF_REFUSED = "Subscriptions are for system clients (system/Subscription scopes)"
      + " and admins: their notifications carry every patient's data";

  private final RolePolicies policies;
  private final SubscriptionContent content;
  private final IFhirResourceDao<Subscription> subscriptions;
  private final boolean enabled;
  private final int maxPerOwner;

  SubscriptionWriteGuard(RolePolicies policies, SubscriptionContent content, IFhirResourceDao<Subscription> subscriptions,
      SubscriptionsProperties props) {
    this.policies = policies;
    this.content = content;
    this.subscriptions = subscriptions;
    this.enabled = props.enabled();
    this.maxPerOwner = props.maxPerOwner();
  }

  /** A plain answer for staff and patients before HAPI reads or searches anything. */
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void incoming(RequestDetails request, RestOperationTypeEnum operation) {
    if (SUBSCRIPTION.equals(request.getResourceName())) {
      RolePolicies.callerOf(request).filter(c -> c.isUser() && !c.has(Role.ADMIN)).ifPresent(c -> {
        throw new ForbiddenOperationException(STAFF_REFUSED);
      });
    }
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void created(IBaseResource resource, RequestDetails request) {
    if (!(resource instanceof Subscription subscription)) {
      return;
    }
    Caller caller = permitted(request, Interaction.CREATE);
    checkContent(subscription, request);
    String owner = caller.subject();
    if (!policies.policyFor(request).everything() && owned(owner) >= maxPerOwner) {
      throw new UnprocessableEntityException(owner + " already holds " + maxPerOwner + " Subscriptions, the most one"
          + " client may (neurofhir.subscriptions.max-per-owner); delete one first");
    }
    SubscriptionOwner.set(subscription, owner);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void updated(IBaseResource oldResource, IBaseResource newResource, RequestDetails request) {
    if (!(newResource instanceof Subscription subscription)) {
      return;
    }
    Caller caller = permitted(request, Interaction.UPDATE);
    requireOwner(oldResource, caller, request);
    checkContent(subscription, request);
    SubscriptionOwner.set(subscription, SubscriptionOwner.of(oldResource).orElse(caller.subject()));
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
  public void deleted(IBaseResource resource, RequestDetails request) {
    if (resource instanceof Subscription) {
      requireOwner(resource, permitted(request, Interaction.DELETE), request);
    }
  }

  private Caller permitted(RequestDetails request, Interaction interaction) {
    Caller caller = RolePolicies.callerOf(request)
        .orElseThrow(() -> new ForbiddenOperationException(STAFF_REFUSED));
    AccessPolicy policy = policies.policyFor(request);
    if (policy.everything()) {
      return caller;
    }
    if (caller.isUser() && !caller.has(Role.ADMIN)) {
      throw new ForbiddenOperationException(STAFF_REFUSED);
    }
    if (!policy.allowsForAnyPatient(SUBSCRIPTION, interaction)) {
      throw new ForbiddenOperationException("This token's scopes do not allow " + interaction.name().toLowerCase(java.util.Locale.ROOT)
          + " on Subscription (system/Subscription." + interaction.letter() + ")");
    }
    return caller;
  }

  private void requireOwner(IBaseResource stored, Caller caller, RequestDetails request) {
    if (!policies.policyFor(request).everything() && !SubscriptionOwner.isOwnedBy(stored, caller.subject())) {
      throw new ForbiddenOperationException("This Subscription belongs to another client");
    }
  }

  private void checkContent(Subscription subscription, RequestDetails request) {
    if (!enabled) {
      throw new UnprocessableEntityException(
          "Subscriptions are switched off on this server (neurofhir.subscriptions.enabled)");
    }
    content.check(subscription, policies.policyFor(request), request == null ? null : request.getFhirServerBase());
  }

  private long owned(String owner) {
    SearchParameterMap all = SearchParameterMap.newSynchronous();
    return subscriptions.search(all, new SystemRequestDetails()).getAllResources().stream()
        .filter(s -> SubscriptionOwner.isOwnedBy(s, owner))
        .count();
  }
}
