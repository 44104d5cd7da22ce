package org.neurofhir.dicom.synthetic;

/**
 * Patient and study attributes of a synthetic study.
 *
 * @param patientName DICOM PN, e.g. {@code Phantom^Brain}
 * @param birthDate DICOM DA (yyyyMMdd)
 * @param sex M, F or O
 */
public record SyntheticPatient(String patientId, String patientName, String birthDate, String sex,
    String studyDescription, String accessionNumber) {}
