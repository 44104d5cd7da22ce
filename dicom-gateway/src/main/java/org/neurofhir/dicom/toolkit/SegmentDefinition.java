package org.neurofhir.dicom.toolkit;

/**
 * One segment of a segmentation.
 *
 * @param number Segment Number, 1..n in order
 * @param labelValue the voxel value of this segment in the label volume
 * @param recommendedCieLab Recommended Display CIELab Value (0..65535 each), or null
 */
public record SegmentDefinition(
    int number,
    int labelValue,
    String label,
    DicomCode propertyCategory,
    DicomCode propertyType,
    DicomCode anatomicRegion,
    String trackingId,
    String trackingUid,
    int[] recommendedCieLab) {}
