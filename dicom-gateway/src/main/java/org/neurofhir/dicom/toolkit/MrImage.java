package org.neurofhir.dicom.toolkit;

/**
 * Everything needed to write one MR Image Storage instance. Pixels are stored unsigned 16-bit;
 * the real value is {@code stored * rescaleSlope + rescaleIntercept}.
 */
public record MrImage(
    String patientId,
    String patientName,
    String patientBirthDate,
    String patientSex,
    String studyInstanceUid,
    String studyDate,
    String studyTime,
    String studyDescription,
    String accessionNumber,
    String seriesInstanceUid,
    int seriesNumber,
    String seriesDescription,
    String sopInstanceUid,
    int instanceNumber,
    String frameOfReferenceUid,
    int rows,
    int columns,
    double[] imagePosition,
    double[] imageOrientation,
    double[] pixelSpacing,
    double sliceThickness,
    double rescaleSlope,
    double rescaleIntercept,
    short[] storedPixels,
    String sourceAeTitle) {}
