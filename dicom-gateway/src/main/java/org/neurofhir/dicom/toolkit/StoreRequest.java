package org.neurofhir.dicom.toolkit;

import java.nio.file.Path;

/**
 * A C-STORE whose data set has been received completely into {@code stagedFile} (a Part 10 file
 * in the staging folder, not yet flushed). The handler owns the staged file from here on.
 */
public record StoreRequest(
    Path stagedFile,
    String affectedSopClassUid,
    String affectedSopInstanceUid,
    String transferSyntaxUid,
    String callingAeTitle) {}
