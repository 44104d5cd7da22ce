package org.neurofhir.server.careteam;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.neurofhir.server.security.BinaryReferrers;
import org.neurofhir.server.security.Caller;
import org.neurofhir.server.security.PatientLinks;
import org.neurofhir.server.security.Role;
import org.neurofhir.server.security.RolePolicies;

/**
 * With {@code neurofhir.care-team.doctors-see-assigned-patients-only}, a doctor reaches only the files of the
 * patients assigned to them ({@code Patient.generalPractitioner} names their Practitioner), on every route:
 * <ul>
 *   <li>reads, vreads and instance history of a resource in another patient's file: 403;
 *   <li>searches, includes, history, {@code $everything}, batch entries: other patients' resources are left out
 *       (searches are also narrowed to the assigned patients, see {@link AssignedPatientsSearchNarrowing}, so
 *       counts and paging hold);
 *   <li>operations on an instance of another patient's file ({@code $review}, {@code $segment},
 *       {@code $everything}): 403;
 *   <li>writes: every Patient-compartment link of the stored and of the new version must point to an assigned
 *       patient; a Patient the doctor registers is assigned to them;
 *   <li>a Binary follows its {@code securityContext} and the resources that point at it, as for patients
 *       ({@code BinaryReadGuard}); one tied to no file is refused.
 * </ul>
 * Resources in no patient's file (Practitioner, Organization, Device, ...) stay readable. Admins, nurses,
 * secretaries, patients and system clients keep their role's policy. Registered on the REST server only: the
 * server's own work (pipeline, audit, review transactions) is not a doctor's request.
 */
public class AssignedPatientsGuard {

  private static final String SCOPE = AssignedPatientsGuard.class.getName() + ".scope";
  private static final Set<RestOperationTypeEnum> INSTANCE_READS = Set.of(
      RestOperationTypeEnum.READ, RestOperationTypeEnum.VREAD, RestOperationTypeEnum.HISTORY_INSTANCE);

  private final AssignedPatients assigned;
  private final BinaryReferrers binaryReferrers;
  private final DaoRegistry daos;

  public AssignedPatientsGuard(AssignedPatients assigned, BinaryReferrers binaryReferrers, DaoRegistry daos) {
    this.assigned = assigned;
    this.binaryReferrers = binaryReferrers;
    this.daos = daos;
  }

  /** The assignment scope of a restricted doctor's request, looked up once; empty for anyone else. */
  Optional<AssignmentScope> scopeOf(RequestDetails request) {
    if (request == null || request instanceof SystemRequestDetails) {
      return Optional.empty();
    }
    if (request.getUserData().get(SCOPE) instanceof AssignmentScope known) {
      return Optional.of(known);
    }
    Optional<Caller> caller = RolePolicies.callerOf(request);
    if (caller.isEmpty() || !caller.get().has(Role.DOCTOR) || caller.get().has(Role.ADMIN)) {
      return Optional.empty();
    }
    String practitioner = caller.get().fhirUser()
        .map(IdType::new)
        .filter(id -> "Practitioner".equals(id.getResourceType()) && id.hasIdPart())
        .map(id -> "Practitioner/" + id.getIdPart())
        .orElse(null);
    AssignmentScope scope = AssignmentScope.of(practitioner, practitioner == null ? Set.of() : assigned.of(practitioner));
    request.getUserData().put(SCOPE, scope);
    return Optional.of(scope);
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void incoming(RequestDetails request, RestOperationTypeEnum operation) {
    Optional<AssignmentScope> scope = scopeOf(request);
    if (scope.isEmpty() || request.getId() == null || !request.getId().hasIdPart()) {
      return;
    }
    if (operation == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE) {
      IIdType target = new IdType(request.getResourceName(), request.getId().getIdPart());
      IBaseResource resource = load(target);
      if (resource != null && !visible(scope.get(), resource, request)) {
        throw notAssigned(target.getValue());
      }
    }
  }

  @Hook(Pointcut.STORAGE_PREACCESS_RESOURCES)
  public void preAccess(IPreResourceAccessDetails details, RequestDetails request) {
    Optional<AssignmentScope> scope = scopeOf(request);
    if (scope.isEmpty()) {
      return;
    }
    for (int i = 0; i < details.size(); i++) {
      IBaseResource resource = details.getResource(i);
      if (resource == null || visible(scope.get(), resource, request)) {
        continue;
      }
      if (INSTANCE_READS.contains(request.getRestOperationType())) {
        throw notAssigned(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
      }
      details.setDontReturnResourceAtIndex(i);
    }
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = -200)
  public void created(IBaseResource resource, RequestDetails request) {
    Optional<AssignmentScope> scope = scopeOf(request);
    if (scope.isEmpty()) {
      return;
    }
    if (resource instanceof Patient patient) {
      registeredByDoctor(scope.get(), patient);
      return;
    }
    requireOnlyAssigned(scope.get(), resource, request);
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = -200)
  public void updated(IBaseResource oldResource, IBaseResource newResource, RequestDetails request) {
    Optional<AssignmentScope> scope = scopeOf(request);
    if (scope.isEmpty()) {
      return;
    }
    // the stored version decides whose file it is; a Patient may then drop or add doctors
    requireOnlyAssigned(scope.get(), oldResource, request);
    if (!(newResource instanceof Patient)) {
      requireOnlyAssigned(scope.get(), newResource, request);
    }
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
  public void deleted(IBaseResource resource, RequestDetails request) {
    scopeOf(request).ifPresent(scope -> requireOnlyAssigned(scope, resource, request));
  }

  /** A patient the doctor registers is theirs: assigned to them unless the doctor names other doctors only. */
  private static void registeredByDoctor(AssignmentScope scope, Patient patient) {
    if (scope.practitioner() == null) {
      throw new ForbiddenOperationException("This doctor's account is linked to no Practitioner, so no patient can"
          + " be assigned to it");
    }
    boolean named = patient.getGeneralPractitioner().stream()
        .anyMatch(r -> scope.practitioner().equals(r.getReferenceElement().toUnqualifiedVersionless().getValue()));
    if (!named) {
      patient.addGeneralPractitioner(new Reference(scope.practitioner()));
    }
    if (patient.getIdElement().hasIdPart()) {
      scope.patients().add(patient.getIdElement().getIdPart());
    }
  }

  private void requireOnlyAssigned(AssignmentScope scope, IBaseResource resource, RequestDetails request) {
    for (String id : BinaryReferrers.binariesLinkedBy(resource, request.getFhirServerBase())) {
      // pointing a document at another patient's file would make it readable through this one
      if (load(new IdType("Binary", id)) instanceof Binary binary && !binaryVisible(scope, binary, request)) {
        throw notAssigned("Binary/" + id);
      }
    }
    PatientLinks links = PatientLinks.of(resource, request.getFhirServerBase());
    if (!links.unresolved().isEmpty()) {
      throw new ForbiddenOperationException(resource.fhirType() + " links to " + links.unresolved().iterator().next()
          + ", which cannot be told to be one of this doctor's patients before it is stored");
    }
    links.patients().stream().filter(p -> !scope.patients().contains(p)).findFirst()
        .ifPresent(p -> { throw notAssigned("Patient/" + p); });
  }

  private boolean visible(AssignmentScope scope, IBaseResource resource, RequestDetails request) {
    if (resource instanceof Binary binary) {
      return binaryVisible(scope, binary, request);
    }
    PatientLinks links = PatientLinks.of(resource, request.getFhirServerBase());
    return links.patients().isEmpty() || scope.reachesAny(links.patients());
  }

  /**
   * Through its {@code securityContext} or what points at it (DocumentReference, DiagnosticReport, Media): readable
   * when one of those is in an assigned patient's file. A Binary nothing ties to a file is not: whose it is cannot
   * be told, and the doctor is not one who reaches every file.
   */
  private boolean binaryVisible(AssignmentScope scope, Binary binary, RequestDetails request) {
    List<IBaseResource> owners = new ArrayList<>(
        binaryReferrers.of(binary.getIdElement().getIdPart(), request.getFhirServerBase()));
    if (binary.hasSecurityContext() && binary.getSecurityContext().getReferenceElement().hasResourceType()) {
      IBaseResource context = load(binary.getSecurityContext().getReferenceElement());
      if (context != null) {
        owners.add(context);
      }
    }
    return owners.stream()
        .anyMatch(r -> scope.reachesAny(PatientLinks.of(r, request.getFhirServerBase()).patients()));
  }

  private IBaseResource load(IIdType id) {
    try {
      return daos.getResourceDao(id.getResourceType()).read(id.toUnqualifiedVersionless(), new SystemRequestDetails());
    } catch (BaseServerResponseException | IllegalArgumentException e) {
      return null; // gone or unknown: HAPI answers that request itself
    }
  }

  private static ForbiddenOperationException notAssigned(String what) {
    return new ForbiddenOperationException(what + " is not in the file of a patient assigned to this doctor");
  }
}
