package org.neurofhir.pipeline.worker;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.neurofhir.inference.volume.Sequence;

/**
 * A job's stored series folder cannot be read on the worker running it. Usually the worker lacks the DICOM
 * storage (not mounted, mounted elsewhere, or unreadable by its user), so another attempt, perhaps on another
 * worker, may succeed; when none does, the message is the Task's statusReason and says what to fix.
 */
public class SeriesStorageUnavailable extends RuntimeException {

  public SeriesStorageUnavailable(Sequence sequence, Path dir) {
    super("the " + sequence.code() + " series folder " + dir + (Files.exists(dir) ? " is not readable" : " does not exist")
        + " on worker " + ManagementFactory.getRuntimeMXBean().getName() + ": every worker needs the server's DICOM "
        + "storage (neurofhir.dicom.storage-root) mounted at the same path and readable by its user; fix the mount, "
        + "then ask for the segmentation again");
  }
}
