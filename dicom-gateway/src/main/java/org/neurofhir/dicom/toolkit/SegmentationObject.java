package org.neurofhir.dicom.toolkit;

import java.time.LocalDateTime;
import java.util.List;

/**
 * Everything needed to write one DICOM Segmentation (binary, one frame per segment and source slice
 * that holds the segment).
 *
 * @param labels label volume on the source grid, column fastest, then row, then slice in
 *     {@link SourceImageSeries#slices()} order; a voxel holds a segment's label value or 0
 */
public record SegmentationObject(
    SourceImageSeries source,
    String seriesInstanceUid,
    int seriesNumber,
    String seriesDescription,
    String sopInstanceUid,
    int instanceNumber,
    LocalDateTime contentDateTime,
    AlgorithmIdentity algorithm,
    List<SegmentDefinition> segments,
    List<PrivateCodingScheme> privateCodingSchemes,
    byte[] labels) {}
