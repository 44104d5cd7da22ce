package org.neurofhir.dicom.toolkit;

import java.util.BitSet;
import java.util.List;

/** A stored DICOM Segmentation as read back: its segments and its frames with their source images. */
public record DecodedSegmentation(
    String sopInstanceUid,
    String seriesInstanceUid,
    String frameOfReferenceUid,
    String segmentationType,
    int rows,
    int columns,
    List<Segment> segments,
    List<Frame> frames) {

  public record Segment(int number, String label, DicomCode propertyCategory, DicomCode propertyType, String trackingUid) {}

  /** One frame: which segment, derived from which source image, at which position; set bits are in the segment. */
  public record Frame(int segmentNumber, String sourceSopInstanceUid, double[] position, BitSet pixels) {}
}
