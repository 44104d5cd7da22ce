package org.neurofhir.profiles;

import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Identifier;

/** Identifiers our profiles require, built one way. */
public final class NeuroFhirIdentifiers {

  private static final Pattern DICOM_UID = Pattern.compile("[0-2](\\.(0|[1-9][0-9]*))+");
  private static final String URN_OID = "urn:oid:";

  private NeuroFhirIdentifiers() {}

  /** Study Instance UID (0020,000D) as ImagingStudy.identifier: system urn:dicom:uid, value urn:oid:&lt;uid&gt;. */
  public static Identifier studyInstanceUid(String uid) {
    String bare = uid != null && uid.startsWith(URN_OID) ? uid.substring(URN_OID.length()) : uid;
    if (bare == null || bare.length() > 64 || !DICOM_UID.matcher(bare).matches()) {
      throw new IllegalArgumentException("Not a DICOM UID: " + uid);
    }
    return new Identifier().setSystem(NeuroFhirCanonical.IDENTIFIER_DICOM_UID).setValue(URN_OID + bare);
  }

  /** The clinic's medical record number (profile clinic-patient, slice mrn). */
  public static Identifier medicalRecordNumber(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Medical record number must not be blank");
    }
    return new Identifier().setSystem(NeuroFhirCanonical.IDENTIFIER_MEDICAL_RECORD_NUMBER).setValue(value);
  }
}
