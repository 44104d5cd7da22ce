package org.neurofhir.dicom.toolkit;

/**
 * The header attributes of one DICOM instance that the gateway indexes and maps to FHIR. Absent
 * attributes are {@code null}; numbers that are absent or unparsable are {@code null} too.
 */
public record InstanceHeader(
    String sopClassUid,
    String sopInstanceUid,
    String studyInstanceUid,
    String seriesInstanceUid,
    String patientId,
    String issuerOfPatientId,
    String patientName,
    String patientBirthDate,
    String patientSex,
    String studyDate,
    String studyTime,
    String studyDescription,
    String accessionNumber,
    String referringPhysicianName,
    String modality,
    Integer seriesNumber,
    String seriesDescription,
    String protocolName,
    String bodyPartExamined,
    Integer instanceNumber) {}
