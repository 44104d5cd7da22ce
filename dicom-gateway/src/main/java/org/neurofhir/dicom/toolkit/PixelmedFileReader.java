package org.neurofhir.dicom.toolkit;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

/** Reads Part 10 files with PixelMed. */
public final class PixelmedFileReader implements DicomFileReader {

  @Override
  public InstanceHeader readHeader(Path file) throws DicomFormatException {
    return header(read(file, true));
  }

  @Override
  public StoredFileHeader readStoredFileHeader(Path file) throws DicomFormatException {
    AttributeList list = read(file, true);
    return new StoredFileHeader(header(list), s(list, TagFromName.TransferSyntaxUID), s(list, TagFromName.SourceApplicationEntityTitle));
  }

  @Override
  public InstanceHeader readCompleteHeader(Path file) throws DicomFormatException {
    AttributeList list = read(file, false);
    requireCompletePixelData(list, file);
    return header(list);
  }

  /**
   * PixelMed logs, rather than throws, when Pixel Data ends early, and leaves the attribute out;
   * so an image must have Pixel Data of at least Rows x Columns x Frames x Samples x bytes.
   */
  private static void requireCompletePixelData(AttributeList list, Path file) throws DicomFormatException {
    int rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
    if (rows <= 0) return; // not an image (SR, ...): nothing to check here
    Attribute pixels = list.get(TagFromName.PixelData);
    if (pixels == null) throw new DicomFormatException(file.getFileName() + ": image without (complete) Pixel Data");
    if (pixels instanceof com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames) return; // encapsulated: lengths per fragment
    long columns = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
    long frames = Math.max(1, Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1));
    long samples = Math.max(1, Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1));
    long bits = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 16);
    long expected = (rows * columns * frames * samples * bits + 7) / 8;
    long length = pixels.getVL();
    if (length != 0xFFFFFFFFL && length < expected) {
      throw new DicomFormatException(file.getFileName() + ": Pixel Data has " + length + " bytes, image needs " + expected);
    }
  }

  @Override
  public ImageSlice readSlice(Path file) throws DicomFormatException {
    AttributeList list = read(file, false);
    int rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
    int columns = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
    int frames = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1);
    int samples = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1);
    int bitsAllocated = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 0);
    boolean signed = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0) == 1;
    if (rows <= 0 || columns <= 0) throw new DicomFormatException(file.getFileName() + ": no Rows/Columns");
    if (frames != 1 || samples != 1) throw new DicomFormatException(file.getFileName() + ": only single-frame grey-scale images are supported");
    if (bitsAllocated != 16) throw new DicomFormatException(file.getFileName() + ": only 16-bit pixel data is supported (BitsAllocated=" + bitsAllocated + ")");
    double[] position = required(list, TagFromName.ImagePositionPatient, 3, file);
    double[] orientation = required(list, TagFromName.ImageOrientationPatient, 6, file);
    double[] spacing = required(list, TagFromName.PixelSpacing, 2, file);
    double slope = doubleOr(list, TagFromName.RescaleSlope, 1.0);
    double intercept = doubleOr(list, TagFromName.RescaleIntercept, 0.0);
    Attribute pixelData = list.get(TagFromName.PixelData);
    if (pixelData == null) throw new DicomFormatException(file.getFileName() + ": no Pixel Data");
    short[] raw;
    try {
      raw = pixelData.getShortValues();
    } catch (DicomException e) {
      throw new DicomFormatException(file.getFileName() + ": unreadable Pixel Data: " + e.getMessage(), e);
    }
    if (raw == null || raw.length < rows * columns) throw new DicomFormatException(file.getFileName() + ": Pixel Data shorter than Rows x Columns");
    float[] pixels = new float[rows * columns];
    for (int i = 0; i < pixels.length; i++) {
      int stored = signed ? raw[i] : raw[i] & 0xFFFF;
      pixels[i] = (float) (stored * slope + intercept);
    }
    String thickness = Attribute.getSingleStringValueOrNull(list, TagFromName.SliceThickness);
    return new ImageSlice(
        Attribute.getSingleStringValueOrNull(list, TagFromName.SOPInstanceUID),
        integerOrNull(list, TagFromName.InstanceNumber), rows, columns, position,
        new double[] {orientation[0], orientation[1], orientation[2]},
        new double[] {orientation[3], orientation[4], orientation[5]},
        spacing, thickness == null ? null : parseDouble(thickness), pixels);
  }

  @Override
  public ImagePlane readImagePlane(Path file) throws DicomFormatException {
    AttributeList list = read(file, true);
    String thickness = s(list, TagFromName.SliceThickness);
    return new ImagePlane(header(list), s(list, TagFromName.FrameOfReferenceUID),
        Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0),
        Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0),
        required(list, TagFromName.ImagePositionPatient, 3, file), required(list, TagFromName.ImageOrientationPatient, 6, file),
        required(list, TagFromName.PixelSpacing, 2, file), thickness == null ? null : parseDouble(thickness));
  }

  @Override
  public DecodedSegmentation readSegmentation(Path file) throws DicomFormatException {
    try {
      return DerivedObjectDecoder.segmentation(read(file, false));
    } catch (DicomException | RuntimeException e) {
      throw new DicomFormatException(file.getFileName() + ": not a readable Segmentation (" + e.getMessage() + ")", e);
    }
  }

  @Override
  public DecodedMeasurementReport readMeasurementReport(Path file) throws DicomFormatException {
    try {
      return DerivedObjectDecoder.measurementReport(read(file, false));
    } catch (DicomException | RuntimeException e) {
      throw new DicomFormatException(file.getFileName() + ": not a readable measurement report (" + e.getMessage() + ")", e);
    }
  }

  private static AttributeList read(Path file, boolean stopAtPixels) throws DicomFormatException {
    AttributeList list = new AttributeList();
    try {
      File f = file.toFile();
      if (stopAtPixels) list.read(f, TagFromName.PixelData);
      else list.read(f);
    } catch (IOException | DicomException | RuntimeException e) {
      throw new DicomFormatException(file.getFileName() + ": not a readable DICOM file (" + e.getMessage() + ")", e);
    }
    return list;
  }

  private static InstanceHeader header(AttributeList l) {
    return new InstanceHeader(
        s(l, TagFromName.SOPClassUID), s(l, TagFromName.SOPInstanceUID),
        s(l, TagFromName.StudyInstanceUID), s(l, TagFromName.SeriesInstanceUID),
        s(l, TagFromName.PatientID), s(l, TagFromName.IssuerOfPatientID), s(l, TagFromName.PatientName),
        s(l, TagFromName.PatientBirthDate), s(l, TagFromName.PatientSex),
        s(l, TagFromName.StudyDate), s(l, TagFromName.StudyTime), s(l, TagFromName.StudyDescription),
        s(l, TagFromName.AccessionNumber), s(l, TagFromName.ReferringPhysicianName),
        s(l, TagFromName.Modality), integerOrNull(l, TagFromName.SeriesNumber),
        s(l, TagFromName.SeriesDescription), s(l, TagFromName.ProtocolName),
        s(l, TagFromName.BodyPartExamined), integerOrNull(l, TagFromName.InstanceNumber));
  }

  private static String s(AttributeList l, AttributeTag tag) {
    String v = Attribute.getSingleStringValueOrNull(l, tag);
    if (v == null) return null;
    v = v.trim();
    return v.isEmpty() ? null : v;
  }

  private static Integer integerOrNull(AttributeList l, AttributeTag tag) {
    String v = s(l, tag);
    if (v == null) return null;
    try {
      return Integer.valueOf(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static double doubleOr(AttributeList l, AttributeTag tag, double fallback) {
    String v = s(l, tag);
    Double d = v == null ? null : parseDouble(v);
    return d == null ? fallback : d;
  }

  private static Double parseDouble(String v) {
    try {
      return Double.valueOf(v.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static double[] required(AttributeList l, AttributeTag tag, int count, Path file) throws DicomFormatException {
    double[] v = Attribute.getDoubleValues(l, tag);
    if (v == null || v.length != count) {
      throw new DicomFormatException(file.getFileName() + ": missing or malformed " + l.getDictionary().getNameFromTag(tag));
    }
    return v;
  }
}
