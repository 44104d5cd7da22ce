package org.neurofhir.dicom.toolkit;

import java.nio.file.Path;

/** Reads DICOM Part 10 files. The only way the rest of the gateway looks inside a file. */
public interface DicomFileReader {

  /** Header attributes, without decoding pixel data. */
  InstanceHeader readHeader(Path file) throws DicomFormatException;

  /**
   * Header of a complete file: the whole data set is parsed, so a file cut short (truncated
   * transfer, disk full while writing) is refused.
   */
  InstanceHeader readCompleteHeader(Path file) throws DicomFormatException;

  /** Header plus file meta information (transfer syntax, source AE), without decoding pixel data. */
  StoredFileHeader readStoredFileHeader(Path file) throws DicomFormatException;

  /** One image slice with geometry and rescaled pixel values. */
  ImageSlice readSlice(Path file) throws DicomFormatException;

  /** Header, frame of reference and plane geometry of a single-frame image, without decoding pixel data. */
  ImagePlane readImagePlane(Path file) throws DicomFormatException;

  /** A Segmentation instance: segments, and frames with their source images and pixels. */
  DecodedSegmentation readSegmentation(Path file) throws DicomFormatException;

  /** A TID 1500 volume report as we write it: measurements, verification, predecessor. */
  DecodedMeasurementReport readMeasurementReport(Path file) throws DicomFormatException;
}
