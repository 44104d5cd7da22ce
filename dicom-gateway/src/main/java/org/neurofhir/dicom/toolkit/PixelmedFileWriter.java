package org.neurofhir.dicom.toolkit;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** Writes MR images with PixelMed. */
public final class PixelmedFileWriter implements DicomFileWriter {
  static final String MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4";

  @Override
  public void writeMrImage(Path file, MrImage im) throws IOException {
    try {
      AttributeList l = new AttributeList();
      put(l, TagFromName.SpecificCharacterSet, "ISO_IR 100");
      put(l, TagFromName.SOPClassUID, MR_IMAGE_STORAGE);
      put(l, TagFromName.SOPInstanceUID, im.sopInstanceUid());
      put(l, TagFromName.ImageType, "ORIGINAL\\PRIMARY\\OTHER");
      put(l, TagFromName.Modality, "MR");
      put(l, TagFromName.Manufacturer, "NeuroFHIR synthetic");
      put(l, TagFromName.PatientID, im.patientId());
      put(l, TagFromName.PatientName, im.patientName());
      put(l, TagFromName.PatientBirthDate, im.patientBirthDate());
      put(l, TagFromName.PatientSex, im.patientSex());
      put(l, TagFromName.StudyInstanceUID, im.studyInstanceUid());
      put(l, TagFromName.StudyDate, im.studyDate());
      put(l, TagFromName.StudyTime, im.studyTime());
      put(l, TagFromName.StudyDescription, im.studyDescription());
      put(l, TagFromName.StudyID, "1");
      put(l, TagFromName.AccessionNumber, im.accessionNumber());
      put(l, TagFromName.ReferringPhysicianName, "");
      put(l, TagFromName.SeriesInstanceUID, im.seriesInstanceUid());
      put(l, TagFromName.SeriesNumber, Integer.toString(im.seriesNumber()));
      put(l, TagFromName.SeriesDescription, im.seriesDescription());
      put(l, TagFromName.ProtocolName, im.seriesDescription());
      put(l, TagFromName.BodyPartExamined, "BRAIN");
      put(l, TagFromName.InstanceNumber, Integer.toString(im.instanceNumber()));
      put(l, TagFromName.FrameOfReferenceUID, im.frameOfReferenceUid());
      put(l, TagFromName.PositionReferenceIndicator, "");
      put(l, TagFromName.ImagePositionPatient, ds(im.imagePosition()));
      put(l, TagFromName.ImageOrientationPatient, ds(im.imageOrientation()));
      put(l, TagFromName.PixelSpacing, ds(im.pixelSpacing()));
      put(l, TagFromName.SliceThickness, ds(new double[] {im.sliceThickness()}));
      put(l, new AttributeTag(0x0018, 0x0020), "SE"); // Scanning Sequence
      put(l, new AttributeTag(0x0018, 0x0021), "NONE"); // Sequence Variant
      put(l, new AttributeTag(0x0018, 0x0022), ""); // Scan Options
      put(l, TagFromName.MRAcquisitionType, "3D");
      put(l, TagFromName.RescaleSlope, ds(new double[] {im.rescaleSlope()}));
      put(l, TagFromName.RescaleIntercept, ds(new double[] {im.rescaleIntercept()}));
      put(l, TagFromName.RescaleType, "US");
      put(l, TagFromName.SamplesPerPixel, "1");
      put(l, TagFromName.PhotometricInterpretation, "MONOCHROME2");
      put(l, TagFromName.Rows, Integer.toString(im.rows()));
      put(l, TagFromName.Columns, Integer.toString(im.columns()));
      put(l, TagFromName.BitsAllocated, "16");
      put(l, TagFromName.BitsStored, "16");
      put(l, TagFromName.HighBit, "15");
      put(l, TagFromName.PixelRepresentation, "0");
      OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
      pixels.setValues(im.storedPixels());
      l.put(pixels);
      FileMetaInformation.addFileMetaInformation(l, TransferSyntax.ExplicitVRLittleEndian, im.sourceAeTitle());
      l.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
    } catch (DicomException e) {
      throw new IOException("cannot write " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void writeSegmentation(Path file, SegmentationObject segmentation) throws IOException {
    try {
      write(file, SegmentationEncoder.encode(segmentation, dimensionOrganizationUid()));
    } catch (DicomException e) {
      throw new IOException("cannot write " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void writeMeasurementReport(Path file, MeasurementReportObject report) throws IOException {
    try {
      write(file, MeasurementReportEncoder.encode(report));
    } catch (DicomException e) {
      throw new IOException("cannot write " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  private static void write(Path file, AttributeList l) throws DicomException, IOException {
    FileMetaInformation.addFileMetaInformation(l, TransferSyntax.ExplicitVRLittleEndian, "NEUROFHIR");
    l.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
  }

  /** PS3.5 B.2 UUID-derived UID: needs no root of ours and never repeats. */
  private static String dimensionOrganizationUid() {
    java.util.UUID u = java.util.UUID.randomUUID();
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(17).put((byte) 0)
        .putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
    return "2.25." + new java.math.BigInteger(b.array());
  }

  private static void put(AttributeList l, AttributeTag tag, String value) throws DicomException {
    l.putNewAttribute(tag).addValue(value == null ? "" : value);
  }

  /** Decimal strings are limited to 16 characters each. */
  private static String ds(double[] values) {
    StringBuilder sb = new StringBuilder();
    for (double v : values) {
      if (sb.length() > 0) sb.append('\\');
      String s = String.format(Locale.ROOT, "%.6g", v);
      if (s.contains("e")) s = String.format(Locale.ROOT, "%.6e", v);
      if (s.contains(".") && !s.contains("e")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
      sb.append(s.length() > 16 ? s.substring(0, 16) : s);
    }
    return sb.toString();
  }
}
