package org.neurofhir.dicom.store;

import java.time.Instant;
import org.neurofhir.dicom.toolkit.InstanceHeader;

/**
 * One row of the instance index ({@code dcm_instance}).
 *
 * @param storagePath path of the file relative to the storage root
 */
public record IndexedInstance(
    InstanceHeader header,
    String storagePath,
    long sizeBytes,
    String transferSyntaxUid,
    String callingAeTitle,
    Instant receivedAt) {

  public String sopInstanceUid() { return header.sopInstanceUid(); }
  public String studyInstanceUid() { return header.studyInstanceUid(); }
  public String seriesInstanceUid() { return header.seriesInstanceUid(); }
}
