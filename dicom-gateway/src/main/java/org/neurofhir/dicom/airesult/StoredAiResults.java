package org.neurofhir.dicom.airesult;

import java.util.Map;
import org.neurofhir.profiles.TumourRegion;

/** The SEG and SR now in the instance store, and the volumes the SR states. */
public record StoredAiResults(String studyInstanceUid, String segmentationSeriesUid, String segmentationSopInstanceUid,
    String reportSeriesUid, String reportSopInstanceUid, Map<TumourRegion, Double> volumesCm3) {}
