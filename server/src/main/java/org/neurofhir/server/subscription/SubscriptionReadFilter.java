package org.neurofhir.server.subscription;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.neurofhir.server.security.Caller;
import org.neurofhir.server.security.RolePolicies;

/**
 * A Subscription holds its receiver's endpoint and headers (often the receiver's own credentials), so a client
 * sees only its own: others' are left out of searches and history and read as 404, on every route (system
 * history, includes, batch entries). Admins see all.
 */
public class SubscriptionReadFilter {

  private final RolePolicies policies;

  SubscriptionReadFilter(RolePolicies policies) {
    this.policies = policies;
  }

  @Hook(Pointcut.STORAGE_PREACCESS_RESOURCES)
  public void preAccess(IPreResourceAccessDetails details, RequestDetails request) {
    Optional<String> viewer = null;
    for (int i = 0; i < details.size(); i++) {
      IBaseResource resource = details.getResource(i);
      if (resource == null || !SubscriptionWriteGuard.SUBSCRIPTION.equals(resource.fhirType())) {
        continue;
      }
      if (viewer == null) {
        viewer = policies.policyFor(request).everything()
            ? Optional.empty()
            : Optional.of(RolePolicies.callerOf(request).map(Caller::subject).orElse(""));
      }
      if (viewer.isPresent() && !SubscriptionOwner.isOwnedBy(resource, viewer.get())) {
        details.setDontReturnResourceAtIndex(i);
      }
    }
  }
}
