package org.neurofhir.server.careteam;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;

/** The patients a practitioner is assigned to: those whose {@code Patient.generalPractitioner} names them. */
public class AssignedPatients {

  private final IFhirResourceDao<Patient> patients;

  public AssignedPatients(IFhirResourceDao<Patient> patients) {
    this.patients = patients;
  }

  /** Ids (without type) of the patients assigned to {@code Practitioner/<id>}. */
  public Set<String> of(String practitioner) {
    SearchParameterMap map = SearchParameterMap.newSynchronous();
    map.add(Patient.SP_GENERAL_PRACTITIONER, new ReferenceParam(practitioner));
    return patients.search(map, new SystemRequestDetails()).getAllResourceIds().stream()
        .map(id -> new IdType(id).getIdPart())
        .collect(Collectors.toSet());
  }
}
