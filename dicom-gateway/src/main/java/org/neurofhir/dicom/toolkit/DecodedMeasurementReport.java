package org.neurofhir.dicom.toolkit;

import java.util.List;

/** A stored TID 1500 volume report as read back. */
public record DecodedMeasurementReport(
    String sopClassUid,
    String sopInstanceUid,
    String seriesInstanceUid,
    String studyInstanceUid,
    String verificationFlag,
    String verifyingObserverName,
    String predecessorSopInstanceUid,
    String sourceSeriesInstanceUid,
    String segmentationSopInstanceUid,
    String segmentationSeriesInstanceUid,
    Integer instanceNumber,
    AlgorithmIdentity algorithm,
    DicomCode procedureReported,
    List<Measurement> measurements) {

  public record Measurement(String trackingId, String trackingUid, int segmentNumber, DicomCode finding, double volumeCm3) {}
}
