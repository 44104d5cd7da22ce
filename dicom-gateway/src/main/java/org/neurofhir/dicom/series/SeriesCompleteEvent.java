package org.neurofhir.dicom.series;

import java.nio.file.Path;
import java.time.Instant;
import org.neurofhir.profiles.MrSequenceType;

/**
 * Published (Spring {@code ApplicationEventPublisher}) once no instance of a series has arrived
 * for the quiet period. If more instances arrive later, the event is published again with the new
 * count.
 *
 * @param instanceCount instances of the series in the index when the event was published
 * @param seriesDirectory folder holding the series' files (read it with SeriesVolumeReader)
 */
public record SeriesCompleteEvent(
    String studyInstanceUid,
    String seriesInstanceUid,
    int instanceCount,
    String modality,
    MrSequenceType sequenceType,
    String seriesDescription,
    String patientId,
    String callingAeTitle,
    Path seriesDirectory,
    Instant completedAt) {}
