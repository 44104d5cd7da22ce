package org.neurofhir.server.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Nobody edits the audit trail over REST, admin included: creating, updating, patching or deleting an AuditEvent
 * is refused where it is stored, whatever route led there (plain, conditional, batch, transaction). Registered on
 * the REST server only, so {@link AuditEventWriter}'s own writes (no REST request) pass.
 */
public class AuditEventWriteGuard {

  private static final String AUDIT_EVENT = "AuditEvent";

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void created(IBaseResource resource, RequestDetails request) {
    refuseAuditEvent(resource);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void updated(IBaseResource oldResource, IBaseResource newResource, RequestDetails request) {
    refuseAuditEvent(oldResource);
    refuseAuditEvent(newResource);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
  public void deleted(IBaseResource resource, RequestDetails request) {
    refuseAuditEvent(resource);
  }

  private static void refuseAuditEvent(IBaseResource resource) {
    if (resource != null && AUDIT_EVENT.equals(resource.fhirType())) {
      throw new ForbiddenOperationException("The audit trail is read-only: AuditEvents are written by the server");
    }
  }
}
