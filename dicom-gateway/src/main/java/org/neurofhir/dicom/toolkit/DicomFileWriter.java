package org.neurofhir.dicom.toolkit;

import java.io.IOException;
import java.nio.file.Path;

/** Writes Part 10 files (explicit VR little endian). */
public interface DicomFileWriter {
  void writeMrImage(Path file, MrImage image) throws IOException;

  /** A binary DICOM Segmentation (Segmentation Storage). */
  void writeSegmentation(Path file, SegmentationObject segmentation) throws IOException;

  /** A TID 1500 measurement report (Comprehensive SR). */
  void writeMeasurementReport(Path file, MeasurementReportObject report) throws IOException;
}
