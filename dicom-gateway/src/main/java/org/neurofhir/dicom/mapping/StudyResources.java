package org.neurofhir.dicom.mapping;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Patient;

/**
 * The FHIR resources for one DICOM study. {@code imagingStudy.subject} refers to
 * {@code patient} by its {@code urn:uuid} full URL, so both can go in one transaction.
 */
public record StudyResources(Patient patient, String patientFullUrl, ImagingStudy imagingStudy) {

  /** Patient identifier to find-or-create on, e.g. for {@code ifNoneExist} or a search. */
  public Identifier patientIdentifier() {
    return patient.getIdentifierFirstRep();
  }

  /**
   * A transaction that creates the Patient only if none has this identifier yet (conditional
   * create) and creates or updates the ImagingStudy by its Study Instance UID (conditional update),
   * so re-running it for the same study is idempotent.
   */
  public Bundle toTransactionBundle() {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    Identifier pid = patientIdentifier();
    bundle.addEntry().setFullUrl(patientFullUrl).setResource(patient).getRequest()
        .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient")
        .setIfNoneExist("identifier=" + pid.getSystem() + "|" + pid.getValue());
    Identifier sid = imagingStudy.getIdentifierFirstRep();
    bundle.addEntry().setResource(imagingStudy).getRequest()
        .setMethod(Bundle.HTTPVerb.PUT).setUrl("ImagingStudy?identifier=" + sid.getSystem() + "|" + sid.getValue());
    return bundle;
  }
}
