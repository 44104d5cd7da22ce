package org.neurofhir.dicom.toolkit;

import java.io.IOException;
import java.nio.file.Path;

/** Writes Part 10 files (explicit VR little endian). */
public interface DicomFileWriter {
  void writeMrImage(Path file, MrImage image) throws IOException;
}
