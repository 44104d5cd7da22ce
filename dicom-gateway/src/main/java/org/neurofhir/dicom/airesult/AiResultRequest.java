package org.neurofhir.dicom.airesult;

import java.nio.file.Path;
import java.util.Map;
import org.neurofhir.profiles.TumourRegion;

/**
 * One study's segmentation to publish as DICOM: the stored series it is on (the model's reference
 * grid, FLAIR), its labels, what each label value means, and the model that made it.
 *
 * @param resultKey names this result (the pipeline's job idempotency key): the objects' UIDs derive
 *     from it, so publishing the same result again replaces the same instances instead of adding series
 */
public record AiResultRequest(String resultKey, Path sourceSeriesDirectory, LabelVolume labels, Map<Integer, TumourRegion> regionsByLabel,
    String modelName, String modelVersion) {}
