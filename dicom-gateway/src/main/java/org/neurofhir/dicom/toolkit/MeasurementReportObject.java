package org.neurofhir.dicom.toolkit;

import java.time.LocalDateTime;
import java.util.List;

/**
 * A TID 1500 Imaging Measurement Report of segmented volumes, written as Comprehensive SR.
 *
 * @param verification null while the report is the algorithm's unreviewed (preliminary) output
 * @param predecessor the report this one amends, or null for a first report
 */
public record MeasurementReportObject(
    SourceImageSeries source,
    String seriesInstanceUid,
    int seriesNumber,
    String seriesDescription,
    String sopInstanceUid,
    int instanceNumber,
    LocalDateTime contentDateTime,
    AlgorithmIdentity algorithm,
    DicomCode procedureReported,
    SegmentationReference segmentation,
    List<VolumeMeasurement> measurements,
    List<PrivateCodingScheme> privateCodingSchemes,
    Verification verification,
    InstanceReference predecessor) {

  /** The Segmentation whose segments the measurement groups refer to. */
  public record SegmentationReference(String seriesInstanceUid, String sopInstanceUid) {}

  /** One measurement group: a segment's volume. */
  public record VolumeMeasurement(int segmentNumber, String trackingId, String trackingUid, DicomCode finding,
      DicomCode findingSite, double volumeCm3) {}

  /** Who verified the content and when (Verifying Observer Sequence). */
  public record Verification(String observerName, String organization, LocalDateTime dateTime) {}

  /** A stored SR instance (Predecessor Documents Sequence item). */
  public record InstanceReference(String studyInstanceUid, String seriesInstanceUid, String sopClassUid, String sopInstanceUid) {}

  public boolean verified() {
    return verification != null;
  }
}
