package org.neurofhir.dicom.toolkit;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.TagFromName;
import java.util.ArrayList;
import java.util.List;
import org.neurofhir.dicom.toolkit.DataSetBuilder.VR;

/**
 * Segmentation IOD (PS3.3 A.51), BINARY: one frame per segment and source slice that holds the
 * segment, ordered by segment then slice; dimensions Referenced Segment Number × Image Position.
 * Frames are bit-packed end to end (PS3.5 8.1.1: no padding between frames).
 */
final class SegmentationEncoder {
  static final String SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.4";
  private static final DicomCode SEGMENTATION = new DicomCode("113076", "DCM", "Segmentation");
  private static final DicomCode SOURCE_IMAGE_FOR_PROCESSING =
      new DicomCode("121322", "DCM", "Source image for image processing operation");

  private record Frame(SegmentDefinition segment, int slice) {}

  private SegmentationEncoder() {}

  static AttributeList encode(SegmentationObject seg, String dimensionOrganizationUid) throws DicomException {
    SourceImageSeries src = seg.source();
    int plane = src.rows() * src.columns();
    if (seg.labels().length != plane * src.slices().size()) {
      throw new IllegalArgumentException("label volume has " + seg.labels().length + " voxels, source grid " + plane * src.slices().size());
    }
    List<Frame> frames = frames(seg, plane);
    if (frames.isEmpty()) throw new IllegalArgumentException("no segment has any voxel: nothing to encode");

    DataSetBuilder b = new DataSetBuilder().patientAndStudy(src.patientStudy());
    b.put(0x0008, 0x0008, VR.CS, "DERIVED", "PRIMARY")
        .put(0x0008, 0x0016, VR.UI, SEGMENTATION_STORAGE)
        .put(0x0008, 0x0018, VR.UI, seg.sopInstanceUid())
        .put(0x0008, 0x0023, VR.DA, DataSetBuilder.da(seg.contentDateTime()))
        .put(0x0008, 0x0033, VR.TM, DataSetBuilder.tm(seg.contentDateTime()))
        .put(0x0008, 0x0060, VR.CS, "SEG")
        .put(0x0008, 0x0070, VR.LO, seg.algorithm().manufacturer())
        .put(0x0008, 0x103E, VR.LO, seg.seriesDescription())
        .put(0x0008, 0x1090, VR.LO, seg.algorithm().name())
        .put(0x0018, 0x1000, VR.LO, seg.algorithm().deviceUid())
        .put(0x0018, 0x1020, VR.LO, seg.algorithm().version())
        .put(0x0020, 0x000E, VR.UI, seg.seriesInstanceUid())
        .put(0x0020, 0x0011, VR.IS, Integer.toString(seg.seriesNumber()))
        .put(0x0020, 0x0013, VR.IS, Integer.toString(seg.instanceNumber()))
        .put(0x0020, 0x0052, VR.UI, src.frameOfReferenceUid())
        .put(0x0020, 0x1040, VR.LO, "")
        .put(0x0028, 0x0002, VR.US, "1")
        .put(0x0028, 0x0004, VR.CS, "MONOCHROME2")
        .put(0x0028, 0x0008, VR.IS, Integer.toString(frames.size()))
        .put(0x0028, 0x0010, VR.US, Integer.toString(src.rows()))
        .put(0x0028, 0x0011, VR.US, Integer.toString(src.columns()))
        .put(0x0028, 0x0100, VR.US, "1")
        .put(0x0028, 0x0101, VR.US, "1")
        .put(0x0028, 0x0102, VR.US, "0")
        .put(0x0028, 0x0103, VR.US, "0")
        .put(0x0028, 0x2110, VR.CS, "00")
        .put(0x0062, 0x0001, VR.CS, "BINARY")
        .put(0x0070, 0x0080, VR.CS, "TUMOUR")
        .put(0x0070, 0x0081, VR.LO, "Automatic segmentation by " + seg.algorithm().name() + " " + seg.algorithm().version())
        .put(0x0070, 0x0084, VR.PN, "");
    b.codingSchemes(seg.privateCodingSchemes());
    List<String> sourceUids = src.slices().stream().map(SourceImageSeries.Slice::sopInstanceUid).toList();
    b.sequence(0x0008, 0x1115, DataSetBuilder.seriesReference(src.seriesInstanceUid(), src.sopClassUid(), sourceUids, false));
    b.sequence(0x0020, 0x9221, new DataSetBuilder().put(0x0020, 0x9164, VR.UI, dimensionOrganizationUid).list());
    b.sequence(0x0020, 0x9222,
        dimension(dimensionOrganizationUid, new AttributeTag(0x0062, 0x000B), new AttributeTag(0x0062, 0x000A), "ReferencedSegmentNumber"),
        dimension(dimensionOrganizationUid, new AttributeTag(0x0020, 0x0032), new AttributeTag(0x0020, 0x9113), "ImagePositionPatient"));
    List<AttributeList> segments = new ArrayList<>();
    for (SegmentDefinition s : seg.segments()) segments.add(segment(s, seg.algorithm()));
    b.sequence(0x0062, 0x0002, segments);
    b.sequence(0x5200, 0x9229, shared(src));
    List<AttributeList> perFrame = new ArrayList<>(frames.size());
    for (Frame f : frames) perFrame.add(perFrame(f, src));
    b.sequence(0x5200, 0x9230, perFrame);

    OtherByteAttribute pixels = new OtherByteAttribute(TagFromName.PixelData);
    pixels.setValues(pack(seg, frames, plane));
    b.list().put(pixels);
    return b.list();
  }

  private static List<Frame> frames(SegmentationObject seg, int plane) {
    List<Frame> frames = new ArrayList<>();
    for (SegmentDefinition s : seg.segments()) {
      byte value = (byte) s.labelValue();
      for (int k = 0; k < seg.source().slices().size(); k++) {
        for (int p = k * plane, end = p + plane; p < end; p++) {
          if (seg.labels()[p] == value) {
            frames.add(new Frame(s, k));
            break;
          }
        }
      }
    }
    return frames;
  }

  /** 1 bit per pixel, least significant bit first, frames back to back, padded to an even length. */
  private static byte[] pack(SegmentationObject seg, List<Frame> frames, int plane) {
    long bits = (long) frames.size() * plane;
    byte[] out = new byte[(int) (((bits + 7) / 8 + 1) & ~1L)];
    long bit = 0;
    for (Frame f : frames) {
      byte value = (byte) f.segment().labelValue();
      int offset = f.slice() * plane;
      for (int p = 0; p < plane; p++, bit++) {
        if (seg.labels()[offset + p] == value) out[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
      }
    }
    return out;
  }

  private static AttributeList dimension(String organizationUid, AttributeTag indexPointer, AttributeTag groupPointer, String label)
      throws DicomException {
    AttributeList item = new DataSetBuilder().put(0x0020, 0x9164, VR.UI, organizationUid).put(0x0020, 0x9421, VR.LO, label).list();
    AttributeTagAttribute index = new AttributeTagAttribute(new AttributeTag(0x0020, 0x9165));
    index.addValue(indexPointer);
    item.put(index);
    AttributeTagAttribute group = new AttributeTagAttribute(new AttributeTag(0x0020, 0x9167));
    group.addValue(groupPointer);
    item.put(group);
    return item;
  }

  private static AttributeList segment(SegmentDefinition s, AlgorithmIdentity algorithm) throws DicomException {
    DataSetBuilder b = new DataSetBuilder()
        .code(0x0062, 0x0003, s.propertyCategory())
        .put(0x0062, 0x0004, VR.US, Integer.toString(s.number()))
        .put(0x0062, 0x0005, VR.LO, s.label())
        .put(0x0062, 0x0008, VR.CS, "AUTOMATIC")
        .put(0x0062, 0x0009, VR.LO, algorithm.name() + " " + algorithm.version())
        .code(0x0062, 0x000F, s.propertyType());
    if (s.anatomicRegion() != null) b.code(0x0008, 0x2218, s.anatomicRegion());
    if (s.recommendedCieLab() != null) {
      int[] lab = s.recommendedCieLab();
      b.put(0x0062, 0x000D, VR.US, Integer.toString(lab[0]), Integer.toString(lab[1]), Integer.toString(lab[2]));
    }
    if (s.trackingId() != null) b.put(0x0062, 0x0020, VR.UT, s.trackingId());
    if (s.trackingUid() != null) b.put(0x0062, 0x0021, VR.UI, s.trackingUid());
    return b.list();
  }

  private static AttributeList shared(SourceImageSeries src) throws DicomException {
    double[] r = src.rowDirection();
    double[] c = src.columnDirection();
    AttributeList orientation = new DataSetBuilder().putDecimals(0x0020, 0x0037, VR.DS, r[0], r[1], r[2], c[0], c[1], c[2]).list();
    AttributeList measures = new DataSetBuilder()
        .putDecimals(0x0028, 0x0030, VR.DS, src.pixelSpacing()[0], src.pixelSpacing()[1])
        .putDecimals(0x0018, 0x0050, VR.DS, src.sliceThickness())
        .putDecimals(0x0018, 0x0088, VR.DS, src.spacingBetweenSlices())
        .list();
    return new DataSetBuilder().sequence(0x0020, 0x9116, orientation).sequence(0x0028, 0x9110, measures).list();
  }

  private static AttributeList perFrame(Frame f, SourceImageSeries src) throws DicomException {
    SourceImageSeries.Slice slice = src.slices().get(f.slice());
    AttributeList sourceImage = DataSetBuilder.instanceReference(src.sopClassUid(), slice.sopInstanceUid());
    new DataSetBuilder(sourceImage).code(0x0040, 0xA170, SOURCE_IMAGE_FOR_PROCESSING);
    AttributeList derivation = new DataSetBuilder()
        .code(0x0008, 0x9215, SEGMENTATION)
        .sequence(0x0008, 0x2112, sourceImage)
        .list();
    double[] p = slice.position();
    return new DataSetBuilder()
        .sequence(0x0008, 0x9124, derivation)
        .sequence(0x0020, 0x9111, new DataSetBuilder()
            .put(0x0020, 0x9157, VR.UL, Integer.toString(f.segment().number()), Integer.toString(f.slice() + 1)).list())
        .sequence(0x0020, 0x9113, new DataSetBuilder().putDecimals(0x0020, 0x0032, VR.DS, p[0], p[1], p[2]).list())
        .sequence(0x0062, 0x000A, new DataSetBuilder().put(0x0062, 0x000B, VR.US, Integer.toString(f.segment().number())).list())
        .list();
  }
}
