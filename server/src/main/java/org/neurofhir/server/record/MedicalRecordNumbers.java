package org.neurofhir.server.record;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Clock;
import java.time.Year;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.neurofhir.profiles.NeuroFhirCanonical;

/**
 * Every Patient has one medical record number (MRN), system {@link NeuroFhirCanonical#IDENTIFIER_MEDICAL_RECORD_NUMBER},
 * as the clinic-patient profile requires: one stored without gets the next from the pattern (the secretary
 * registers, the server numbers); one that brings its own (an EHR, the DICOM intake's PatientID) keeps it, unless
 * another patient holds it (409, nothing stored). An update that leaves the MRN out keeps the stored one; a second
 * MRN on one patient is refused (422). Numbers are never given twice, not even after a patient is deleted.
 * Runs on every storage write, before profile enforcement checks the result.
 */
@Interceptor
public class MedicalRecordNumbers {

  private static final String SYSTEM = NeuroFhirCanonical.IDENTIFIER_MEDICAL_RECORD_NUMBER;
  private static final CodeableConcept MR = new CodeableConcept().addCoding(
      new org.hl7.fhir.r4.model.Coding("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "Medical record number"));

  private final RecordNumberStore store;
  private final MrnPattern pattern;
  private final boolean assign;
  private final IFhirResourceDao<Patient> patients;
  private final Clock clock;

  MedicalRecordNumbers(RecordNumberStore store, RecordProperties props, IFhirResourceDao<Patient> patients, Clock clock) {
    this.store = store;
    this.pattern = new MrnPattern(props.mrnPattern());
    this.assign = props.assignMrn();
    this.patients = patients;
    this.clock = clock;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    if (!(resource instanceof Patient patient)) {
      return;
    }
    List<Identifier> mrns = mrns(patient);
    if (mrns.size() > 1) {
      throw new UnprocessableEntityException("A patient has one medical record number (" + SYSTEM + "); this one has "
          + mrns.size());
    }
    if (mrns.isEmpty()) {
      if (assign) {
        patient.addIdentifier(new Identifier().setUse(Identifier.IdentifierUse.USUAL).setType(MR.copy())
            .setSystem(SYSTEM).setValue(nextFree()));
      }
      return;
    }
    claim(mrns.get(0).getValue(), null);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    if (!(resource instanceof Patient patient) || !(previous instanceof Patient before)) {
      return;
    }
    List<Identifier> now = mrns(patient);
    List<Identifier> was = mrns(before);
    if (now.size() > 1) {
      throw new UnprocessableEntityException("A patient has one medical record number (" + SYSTEM + "); this one has "
          + now.size());
    }
    if (now.isEmpty()) {
      // a client that did not know the number (or sent an older copy) does not erase it
      was.forEach(mrn -> patient.addIdentifier(mrn.copy()));
      return;
    }
    String value = now.get(0).getValue();
    if (was.stream().noneMatch(mrn -> value != null && value.equals(mrn.getValue()))) {
      claim(value, patient.getIdElement().getIdPart());
    }
  }

  private String nextFree() {
    Year year = Year.now(clock);
    while (true) {
      String candidate = pattern.format(store.next(), year);
      // a number a client supplied earlier in the same format is skipped, not given twice
      if (!store.taken(candidate) && heldBy(candidate, null) == null && store.reserve(candidate)) {
        return candidate;
      }
    }
  }

  private void claim(String value, String selfId) {
    if (value == null || value.isBlank()) {
      throw new UnprocessableEntityException("The medical record number (" + SYSTEM + ") has no value");
    }
    if (value.length() > 64) {
      throw new UnprocessableEntityException("A medical record number has at most 64 characters");
    }
    String holder = heldBy(value, selfId);
    if (holder != null || !store.reserve(value)) {
      throw new NumberTaken("The medical record number " + value + " belongs to another patient"
          + (holder != null ? " (Patient/" + holder + ")" : "") + "; nothing was stored");
    }
  }

  /** Id of a stored patient other than {@code selfId} holding {@code value} (patients stored before numbers were recorded). */
  private String heldBy(String value, String selfId) {
    SearchParameterMap byMrn = SearchParameterMap.newSynchronous(Patient.SP_IDENTIFIER, new TokenParam(SYSTEM, value));
    for (IBaseResource other : patients.search(byMrn, new SystemRequestDetails()).getAllResources()) {
      String id = other.getIdElement().getIdPart();
      if (!id.equals(selfId)) {
        return id;
      }
    }
    return null;
  }

  private static List<Identifier> mrns(Patient patient) {
    return patient.getIdentifier().stream().filter(i -> SYSTEM.equals(i.getSystem())).toList();
  }

  /** 409 Conflict, but not a version conflict: an If-Match on the request does not make it 412. */
  static final class NumberTaken extends BaseServerResponseException {
    NumberTaken(String message) {
      super(409, message);
    }
  }
}
