package org.neurofhir.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.IdType;

/**
 * A Binary is as readable as what it belongs to: its {@code securityContext}, or a DocumentReference,
 * DiagnosticReport or Media whose attachment points at it ({@link BinaryReferrers}). A secretary, who may read no
 * clinical document, may not read the PDF behind one; a patient reads the files of their own documents and
 * reports. A Binary that nothing points at (an upload not yet attached) is readable only by callers who may read
 * every type anyway (admin, doctor, nurse): nothing says whose it is.
 *
 * <p>A Binary with a {@link BinaryOwner} (a bulk export file) is readable by its owner alone, whatever the role: a
 * read by anybody else is refused, and searches and history leave it out.
 *
 * <p>Checked on every resource HAPI is about to hand out (read, vread, search, history, {@code
 * $binary-access-read}, batch entries); one Binary the caller may not read refuses the whole answer with 403, as
 * HAPI's own authorization does.
 */
public class BinaryReadGuard {

  private final RolePolicies policies;
  private final BinaryReferrers referrers;
  private final DaoRegistry daos;

  public BinaryReadGuard(RolePolicies policies, BinaryReferrers referrers, DaoRegistry daos) {
    this.policies = policies;
    this.referrers = referrers;
    this.daos = daos;
  }

  @Hook(Pointcut.STORAGE_PREACCESS_RESOURCES)
  public void preAccess(IPreResourceAccessDetails details, RequestDetails request) {
    AccessPolicy policy = null;
    for (int i = 0; i < details.size(); i++) {
      if (details.getResource(i) instanceof Binary binary && BinaryOwner.of(binary).isPresent()) {
        if (!ownedByCaller(binary, request)) {
          if (isRead(request)) {
            throw new ForbiddenOperationException("Binary/" + binary.getIdElement().getIdPart()
                + " is a bulk export file of another caller");
          }
          details.setDontReturnResourceAtIndex(i);
        }
      } else if (details.getResource(i) instanceof Binary binary) {
        policy = policy == null ? policies.policyFor(request) : policy;
        if (!policy.readsEverything() && !mayRead(policy, binary, request)) {
          throw new ForbiddenOperationException("Binary/" + binary.getIdElement().getIdPart() + " belongs to no"
              + " resource this token may read");
        }
      }
    }
  }

  /** Server-internal work (the export job itself) has no caller and reads what it wrote. */
  private static boolean ownedByCaller(Binary binary, RequestDetails request) {
    if (request == null || request instanceof SystemRequestDetails) {
      return true;
    }
    return RolePolicies.callerOf(request).map(BinaryOwner::of).equals(BinaryOwner.of(binary));
  }

  private static boolean isRead(RequestDetails request) {
    return request.getRestOperationType() == RestOperationTypeEnum.READ
        || request.getRestOperationType() == RestOperationTypeEnum.VREAD
        || request.getRestOperationType() == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE;
  }

  /**
   * A document, report or media written over REST may point only at a Binary the caller may read: linking one
   * would otherwise make somebody else's file readable through the caller's own document.
   */
  // before the record's own document checks, whose answers (size, type) would tell about a Binary not readable
  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = -200)
  public void linkedOnCreate(IBaseResource resource, RequestDetails request) {
    checkLinks(resource, request);
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = -200)
  public void linkedOnUpdate(IBaseResource oldResource, IBaseResource newResource, RequestDetails request) {
    checkLinks(newResource, request);
  }

  private void checkLinks(IBaseResource resource, RequestDetails request) {
    String base = request == null ? null : request.getFhirServerBase();
    List<String> linked = BinaryReferrers.binariesLinkedBy(resource, base);
    if (linked.isEmpty()) {
      return;
    }
    AccessPolicy policy = policies.policyFor(request);
    if (policy.readsEverything()) {
      return;
    }
    for (String id : linked) {
      IBaseResource found = load(new IdType("Binary", id));
      if (found instanceof Binary binary && !mayRead(policy, binary, request)) {
        throw new ForbiddenOperationException(resource.fhirType() + " points at Binary/" + id
            + ", which this token may not read");
      }
    }
  }

  private boolean mayRead(AccessPolicy policy, Binary binary, RequestDetails request) {
    if (binary.hasSecurityContext() && binary.getSecurityContext().getReferenceElement().hasIdPart()) {
      IIdType context = binary.getSecurityContext().getReferenceElement();
      if (context.hasResourceType() && mayRead(policy, load(context))) {
        return true;
      }
    }
    String base = request == null ? null : request.getFhirServerBase();
    return referrers.of(binary.getIdElement().getIdPart(), base).stream().anyMatch(r -> mayRead(policy, r));
  }

  private IBaseResource load(IIdType id) {
    try {
      return daos.getResourceDao(id.getResourceType()).read(id.toUnqualifiedVersionless(), new SystemRequestDetails());
    } catch (BaseServerResponseException | IllegalArgumentException e) {
      return null; // gone, deleted or an unknown type: grants nothing
    }
  }

  /** The caller's read grant on this resource: for any patient, or in its own compartment. */
  private static boolean mayRead(AccessPolicy policy, IBaseResource resource) {
    if (resource == null) {
      return false;
    }
    String type = resource.fhirType();
    if (policy.allowsForAnyPatient(type, Interaction.READ)) {
      return true;
    }
    if (!policy.allowsInOwnCompartment(type, Interaction.READ)) {
      return false;
    }
    IdType self = new IdType(policy.patientCompartment().orElseThrow());
    if ("Patient".equals(type)) {
      return self.getIdPart().equals(resource.getIdElement().getIdPart());
    }
    return ca.uhn.fhir.context.FhirContext.forR4Cached().newTerser()
        .isSourceInCompartmentForTarget("Patient", resource, self);
  }
}
