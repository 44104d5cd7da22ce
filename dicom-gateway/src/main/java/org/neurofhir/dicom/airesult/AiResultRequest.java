package org.neurofhir.dicom.airesult;

import java.nio.file.Path;
import java.util.Map;
import org.neurofhir.profiles.TumourRegion;

/**
 * One study's segmentation to publish as DICOM: the stored series it is on (the model's reference
 * grid, FLAIR), its labels, what each label value means, and the model that made it.
 */
public record AiResultRequest(Path sourceSeriesDirectory, LabelVolume labels, Map<Integer, TumourRegion> regionsByLabel,
    String modelName, String modelVersion) {}
