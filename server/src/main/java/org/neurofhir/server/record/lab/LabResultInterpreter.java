package org.neurofhir.server.record.lab;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.neurofhir.server.record.RefusedRecordEntry;

/**
 * Lab results on every storage write (REST, batch and transaction entries, in-process writes): an Observation of a
 * shipped LOINC test that comes without a range gets the clinic's default for the patient's sex and age; one with a
 * numeric range gets its interpretation (L/N/H, LL/HH beyond the critical limits) unless the sender gave one; a
 * value that cannot be compared with its range is refused (422, nothing stored). Once stored, a result that has
 * become critical is sent to the ordering doctor ({@link CriticalResultNotices}).
 */
@Interceptor
public class LabResultInterpreter {

  private final DefaultLabRanges defaults;
  private final IFhirResourceDao<Patient> patients;
  private final CriticalResultNotices notices;
  private final LabProperties props;

  LabResultInterpreter(DefaultLabRanges defaults, IFhirResourceDao<Patient> patients, CriticalResultNotices notices,
      LabProperties props) {
    this.defaults = defaults;
    this.patients = patients;
    this.notices = notices;
    this.props = props;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void beforeCreate(IBaseResource resource) {
    if (resource instanceof Observation observation) {
      interpret(observation);
    }
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void beforeUpdate(IBaseResource previous, IBaseResource resource) {
    if (resource instanceof Observation observation) {
      interpret(observation);
    }
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    if (resource instanceof Observation observation && critical(observation)) {
      notices.send(observation);
    }
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource resource) {
    // a correction of a result already known to be critical does not alert the doctor twice
    if (resource instanceof Observation observation && critical(observation)
        && !(previous instanceof Observation before && critical(before))) {
      notices.send(observation);
    }
  }

  private boolean critical(Observation observation) {
    return props.criticalNotices() && counts(observation) && Interpretation.anyCritical(observation.getInterpretation());
  }

  private static boolean counts(Observation o) {
    return o.getStatus() != ObservationStatus.ENTEREDINERROR && o.getStatus() != ObservationStatus.CANCELLED;
  }

  void interpret(Observation observation) {
    if (!counts(observation)) {
      return;
    }
    if (!observation.hasReferenceRange() && props.defaultRanges() && observation.getValue() instanceof Quantity q
        && q.hasValue()) {
      // only in the unit the defaults are in: a value in another unit is stored as sent, never refused for our ranges
      defaults.definitionFor(observation.getCode().getCoding()).filter(od -> DefaultLabRanges.inUnitOf(od, q)).ifPresent(od -> {
        Patient patient = subject(observation.getSubject());
        AdministrativeGender gender = patient == null ? null : patient.getGender();
        Integer age = patient == null ? null : ageAt(patient.getBirthDate(), observation);
        DefaultLabRanges.rangesFor(od, gender, age).forEach(observation::addReferenceRange);
      });
    }
    List<Observation.ObservationReferenceRangeComponent> ranges = observation.getReferenceRange();
    if (!RangeInterpreter.hasNumericRange(ranges) || !observation.hasValue()) {
      return;
    }
    if (!(observation.getValue() instanceof Quantity value) || !value.hasValue()) {
      throw new RefusedRecordEntry("Observation.value[x]", "The result has a numeric reference range but its value is "
          + (observation.getValue() instanceof Quantity ? "a Quantity without a number" : "a " + observation.getValue().fhirType())
          + ": send valueQuantity with a number, or leave the range out; nothing was stored");
    }
    if (observation.hasInterpretation()) {
      return;
    }
    RangeInterpreter.interpret(value, ranges).ifPresent(i -> observation.addInterpretation(i.toConcept()));
  }

  private Patient subject(Reference subject) {
    if (!subject.hasReference() || !"Patient".equals(subject.getReferenceElement().getResourceType())
        || !subject.getReferenceElement().hasIdPart()) {
      return null;
    }
    try {
      return patients.read(subject.getReferenceElement().toUnqualifiedVersionless(), new SystemRequestDetails());
    } catch (BaseServerResponseException notReadable) {
      // a placeholder (urn:uuid) in a transaction, or referential integrity's 400 comes later: no sex and age
      return null;
    }
  }

  private static Integer ageAt(Date birthDate, Observation observation) {
    if (birthDate == null) {
      return null;
    }
    Date when = observation.hasEffectiveDateTimeType() ? observation.getEffectiveDateTimeType().getValue() : new Date();
    LocalDate born = birthDate.toInstant().atZone(ZoneId.systemDefault()).toLocalDate();
    LocalDate at = when.toInstant().atZone(ZoneId.systemDefault()).toLocalDate();
    return Math.max(0, Period.between(born, at).getYears());
  }
}
