package org.neurofhir.server.bulk;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters.ExportStyle;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;
import org.neurofhir.server.security.AccessPolicy;
import org.neurofhir.server.security.BinaryOwner;
import org.neurofhir.server.security.Caller;
import org.neurofhir.server.security.Interaction;
import org.neurofhir.server.security.Role;
import org.neurofhir.server.security.RolePolicies;

/**
 * Who may start which {@code $export}, judged once HAPI has filled in the defaults (all types, all patients) and
 * before the job starts; the job itself then reads with the server's rights, so everything it may export must be
 * decided here.
 *
 * <ul>
 *   <li>system level: an admin, or a system client (no role) whose scopes read every type, e.g. {@code system/*.read};
 *   <li>Patient and Group level: callers who read every patient's data of the exported types (staff, system
 *       clients), or a patient user for their own record ({@code Patient/{own id}/$export});
 *   <li>types: each asked for with {@code _type} must be readable (else 403); of the defaulted ones, those the
 *       caller may not read (AuditEvent for all but admins, clinical types for a secretary) are left out.
 * </ul>
 *
 * The files are stamped with the caller ({@link BinaryOwner}): only they can poll the job and read its files.
 */
public class ExportKickOffAuthorization {

  private final RolePolicies policies;
  private final boolean doctorsSeeAssignedPatientsOnly;

  public ExportKickOffAuthorization(RolePolicies policies, boolean doctorsSeeAssignedPatientsOnly) {
    this.policies = policies;
    this.doctorsSeeAssignedPatientsOnly = doctorsSeeAssignedPatientsOnly;
  }

  @Hook(Pointcut.STORAGE_INITIATE_BULK_EXPORT)
  public void kickOff(BulkExportJobParameters parameters, RequestDetails request) {
    Caller caller = RolePolicies.callerOf(request)
        .orElseThrow(() -> new ForbiddenOperationException("bulk export needs a caller"));
    AccessPolicy policy = policies.policyFor(request);
    Optional<String> ownPatient = policy.patientCompartment();
    boolean asOwnPatient = false;
    switch (parameters.getExportStyle()) {
      case SYSTEM -> {
        if (!(caller.has(Role.ADMIN) || (!caller.isUser() && policy.readsEverything()))) {
          throw new ForbiddenOperationException(
              "system-level $export is for admins and for system clients with system/*.read");
        }
      }
      case PATIENT -> asOwnPatient = ownPatient.isPresent() && ownRecordOnly(parameters, ownPatient.get());
      case GROUP -> { }
    }
    if (parameters.getExportStyle() != ExportStyle.SYSTEM && !asOwnPatient) {
      if (ownPatient.isPresent() || caller.has(Role.PATIENT)) {
        throw new ForbiddenOperationException("a patient may export their own record only (Patient/{id}/$export)");
      }
      if (doctorsSeeAssignedPatientsOnly && caller.has(Role.DOCTOR) && !caller.has(Role.ADMIN)) {
        throw new ForbiddenOperationException(
            "$export is not available to doctors who see their assigned patients only");
      }
    }
    parameters.setResourceTypes(readableTypes(parameters, request, policy, asOwnPatient));
    parameters.setBinarySecurityContextIdentifierSystem(BinaryOwner.SYSTEM);
    parameters.setBinarySecurityContextIdentifierValue(BinaryOwner.of(caller).key());
  }

  /** A patient user: no patient named means their own record; naming anybody else is refused. */
  private static boolean ownRecordOnly(BulkExportJobParameters parameters, String ownPatient) {
    String ownId = new IdType(ownPatient).getIdPart();
    List<String> named = parameters.getPatientIds();
    if (named.isEmpty()) {
      parameters.setPatientIds(List.of(ownPatient));
      return true;
    }
    for (String id : named) {
      if (!ownId.equals(new IdType(id).getIdPart())) {
        throw new ForbiddenOperationException("a patient may export their own record only");
      }
    }
    return true;
  }

  private static List<String> readableTypes(
      BulkExportJobParameters parameters, RequestDetails request, AccessPolicy policy, boolean asOwnPatient) {
    Set<String> askedFor = askedForTypes(request);
    List<String> readable = new ArrayList<>();
    for (String type : parameters.getResourceTypes()) {
      boolean allowed = asOwnPatient
          ? policy.allows(type, Interaction.READ)
          : policy.allowsForAnyPatient(type, Interaction.READ);
      if (allowed) {
        readable.add(type);
      } else if (askedFor.contains(type)) {
        throw new ForbiddenOperationException("_type " + type + ": not readable with this token");
      }
    }
    if (readable.isEmpty()) {
      throw new ForbiddenOperationException("none of the types to export is readable with this token");
    }
    return readable;
  }

  /** The types named in {@code _type} (query or Parameters body), as opposed to those HAPI filled in. */
  private static Set<String> askedForTypes(RequestDetails request) {
    Set<String> types = new java.util.HashSet<>();
    String[] query = request.getParameters().get("_type");
    if (query != null) {
      for (String value : query) {
        types.addAll(List.of(value.split(",")));
      }
    }
    if (request.getResource() instanceof org.hl7.fhir.r4.model.Parameters body) {
      body.getParameter().stream().filter(p -> "_type".equals(p.getName()) && p.hasValue())
          .forEach(p -> types.addAll(List.of(p.getValue().primitiveValue().split(","))));
    }
    types.removeIf(String::isBlank);
    return types.stream().map(String::trim).collect(java.util.stream.Collectors.toSet());
  }
}
