package org.neurofhir.server.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.EnumSet;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * Nobody edits or erases the audit trail over REST, admin included. Two layers, because HAPI reaches storage by
 * several doors:
 * <ul>
 *   <li>at the door: on {@code AuditEvent} only reads, searches, history, {@code $validate} and {@code $meta} pass;
 *       update, patch, delete (plain, conditional, {@code _cascade}, {@code _expunge}), {@code $meta-add/-delete}
 *       and {@code $expunge} on the type or an instance are refused before anything runs;
 *   <li>where it is stored: any create, update or delete of an AuditEvent (so also inside batch and transaction
 *       bundles), any expunge of one, any delete-expunge whose URL is on AuditEvent, and expunge-everything (which
 *       would take the audit trail with it) are refused.
 * </ul>
 * Registered on the REST server only, so {@link AuditEventWriter}'s own writes (no REST request) pass. The refusal
 * is an ordinary 403, which {@link FhirAuditInterceptor} records like any refused interaction.
 */
public class AuditEventWriteGuard {

  private static final String AUDIT_EVENT = "AuditEvent";
  private static final String READ_ONLY = "The audit trail is read-only: AuditEvents are written by the server and"
      + " can be neither changed nor erased";

  private static final Set<RestOperationTypeEnum> READS = EnumSet.of(
      RestOperationTypeEnum.READ,
      RestOperationTypeEnum.VREAD,
      RestOperationTypeEnum.SEARCH_TYPE,
      RestOperationTypeEnum.HISTORY_INSTANCE,
      RestOperationTypeEnum.HISTORY_TYPE,
      RestOperationTypeEnum.GET_PAGE,
      RestOperationTypeEnum.META,
      RestOperationTypeEnum.VALIDATE);
  private static final Set<String> READ_OPERATIONS = Set.of("$validate", "$meta");

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void incoming(RequestDetails request, RestOperationTypeEnum operation) {
    if (!AUDIT_EVENT.equals(request.getResourceName()) || READS.contains(operation)) {
      return;
    }
    boolean readOperation = (operation == RestOperationTypeEnum.EXTENDED_OPERATION_TYPE
            || operation == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE)
        && READ_OPERATIONS.contains(request.getOperation());
    if (!readOperation) {
      throw new ForbiddenOperationException(READ_ONLY);
    }
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    refuseAuditEvent(resource);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void updated(IBaseResource oldResource, IBaseResource newResource) {
    refuseAuditEvent(oldResource);
    refuseAuditEvent(newResource);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
  public void deleted(IBaseResource resource) {
    refuseAuditEvent(resource);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_EXPUNGE_RESOURCE)
  public void expunged(IIdType id) {
    if (id != null && AUDIT_EVENT.equals(id.getResourceType())) {
      throw new ForbiddenOperationException(READ_ONLY);
    }
  }

  /** {@code DELETE AuditEvent?…&_expunge=true}, also as a bundle entry: runs as a batch job, so stop it here. */
  @Hook(Pointcut.STORAGE_PRE_DELETE_EXPUNGE)
  public void deleteExpunge(String url) {
    if (url != null && (url.equals(AUDIT_EVENT) || url.startsWith(AUDIT_EVENT + "?") || url.startsWith(AUDIT_EVENT + "/"))) {
      throw new ForbiddenOperationException(READ_ONLY);
    }
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_EXPUNGE_EVERYTHING)
  public void expungeEverything() {
    throw new ForbiddenOperationException(
        "$expunge with expungeEverything would erase the audit trail; expunge deleted resources or old versions instead");
  }

  private static void refuseAuditEvent(IBaseResource resource) {
    if (resource != null && AUDIT_EVENT.equals(resource.fhirType())) {
      throw new ForbiddenOperationException(READ_ONLY);
    }
  }
}
