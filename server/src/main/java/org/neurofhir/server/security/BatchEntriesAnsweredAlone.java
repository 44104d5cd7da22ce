package org.neurofhir.server.security;

import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationFlagsEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor.Verdict;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IRuleApplier;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;

/**
 * A batch is let through as a whole, so that each entry is judged alone, where HAPI runs it: a write where it is
 * stored (the rules, {@link CompartmentWriteGuard}), a read or search on the resources it finds. HAPI's own
 * transaction rule judges every entry at once and refuses the whole batch for one refused entry (or, for a batch of
 * reads, for one resource in any answer), which answers a different question than the entries sent alone. A
 * refused entry now gets its own 403 with an OperationOutcome, the others their own answers. Transactions keep
 * HAPI's rule: all or nothing.
 */
final class BatchEntriesAnsweredAlone implements IAuthRule {

  /** Where HAPI judges the batch as one request: its body coming in, the resources of its answer going out. */
  private static final Set<Pointcut> WHOLE_REQUEST = Set.of(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED,
      Pointcut.SERVER_OUTGOING_RESPONSE, Pointcut.STORAGE_PRESHOW_RESOURCES);

  @Override
  public Verdict applyRule(RestOperationTypeEnum operation, RequestDetails request, IBaseResource input,
      IIdType inputId, IBaseResource output, IRuleApplier applier, Set<AuthorizationFlagsEnum> flags,
      Pointcut pointcut) {
    // entries are judged as READ, SEARCH_TYPE, CREATE, ... on their own: only the batch itself is a TRANSACTION
    boolean batch = operation == RestOperationTypeEnum.TRANSACTION && WHOLE_REQUEST.contains(pointcut)
        && request.getResource() instanceof Bundle bundle && bundle.getType() == Bundle.BundleType.BATCH;
    return batch ? new Verdict(PolicyEnum.ALLOW, this) : null;
  }

  @Override
  public String getName() {
    return "batch entries answered alone";
  }
}
