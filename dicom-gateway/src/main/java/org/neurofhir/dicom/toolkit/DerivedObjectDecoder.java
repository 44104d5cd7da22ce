package org.neurofhir.dicom.toolkit;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** Reads our Segmentation and TID 1500 reports back into plain records (round trips, amendments). */
final class DerivedObjectDecoder {
  private static final AttributeTag CONTENT_SEQUENCE = new AttributeTag(0x0040, 0xA730);
  private static final AttributeTag CONCEPT_NAME = new AttributeTag(0x0040, 0xA043);

  private DerivedObjectDecoder() {}

  static DecodedSegmentation segmentation(AttributeList l) throws DicomException {
    int rows = Attribute.getSingleIntegerValueOrDefault(l, tag(0x0028, 0x0010), 0);
    int columns = Attribute.getSingleIntegerValueOrDefault(l, tag(0x0028, 0x0011), 0);
    List<DecodedSegmentation.Segment> segments = new ArrayList<>();
    for (AttributeList s : items(l, tag(0x0062, 0x0002))) {
      segments.add(new DecodedSegmentation.Segment(Attribute.getSingleIntegerValueOrDefault(s, tag(0x0062, 0x0004), 0),
          string(s, tag(0x0062, 0x0005)), code(s, tag(0x0062, 0x0003)), code(s, tag(0x0062, 0x000F)), string(s, tag(0x0062, 0x0021))));
    }
    List<AttributeList> perFrame = items(l, tag(0x5200, 0x9230));
    Attribute pixelData = l.get(tag(0x7FE0, 0x0010));
    byte[] bits = pixelData == null ? new byte[0] : pixelData.getByteValues();
    int plane = rows * columns;
    List<DecodedSegmentation.Frame> frames = new ArrayList<>(perFrame.size());
    for (int f = 0; f < perFrame.size(); f++) {
      AttributeList fg = perFrame.get(f);
      int segment = Attribute.getSingleIntegerValueOrDefault(single(fg, tag(0x0062, 0x000A)), tag(0x0062, 0x000B), 0);
      AttributeList derivation = single(fg, tag(0x0008, 0x9124));
      String source = string(single(derivation, tag(0x0008, 0x2112)), tag(0x0008, 0x1155));
      double[] position = Attribute.getDoubleValues(single(fg, tag(0x0020, 0x9113)), tag(0x0020, 0x0032));
      BitSet pixels = new BitSet(plane);
      long first = (long) f * plane;
      for (int p = 0; p < plane; p++) {
        long bit = first + p;
        int index = (int) (bit >>> 3);
        if (index < bits.length && (bits[index] & (1 << (bit & 7))) != 0) pixels.set(p);
      }
      frames.add(new DecodedSegmentation.Frame(segment, source, position, pixels));
    }
    return new DecodedSegmentation(string(l, tag(0x0008, 0x0018)), string(l, tag(0x0020, 0x000E)), string(l, tag(0x0020, 0x0052)),
        string(l, tag(0x0062, 0x0001)), rows, columns, List.copyOf(segments), List.copyOf(frames));
  }

  static DecodedMeasurementReport measurementReport(AttributeList l) throws DicomException {
    String observer = null;
    for (AttributeList v : items(l, tag(0x0040, 0xA073))) observer = string(v, tag(0x0040, 0xA075));
    String predecessor = null;
    for (AttributeList study : items(l, tag(0x0040, 0xA360))) {
      for (AttributeList series : items(study, tag(0x0008, 0x1115))) {
        for (AttributeList sop : items(series, tag(0x0008, 0x1199))) predecessor = string(sop, tag(0x0008, 0x1155));
      }
    }
    List<DecodedMeasurementReport.Measurement> measurements = new ArrayList<>();
    String sourceSeries = null;
    String segmentation = null;
    String deviceUid = null;
    DicomCode procedure = null;
    for (AttributeList container : items(l, CONTENT_SEQUENCE)) {
      if ("121012".equals(conceptValue(container))) deviceUid = string(container, tag(0x0040, 0xA124));
      if ("121058".equals(conceptValue(container))) procedure = code(container, tag(0x0040, 0xA168));
      if (!"126010".equals(conceptValue(container))) continue; // Imaging Measurements
      for (AttributeList group : items(container, CONTENT_SEQUENCE)) {
        String trackingId = null;
        String trackingUid = null;
        int segment = 0;
        DicomCode finding = null;
        double volume = Double.NaN;
        for (AttributeList item : items(group, CONTENT_SEQUENCE)) {
          switch (conceptValue(item)) {
            case "112039" -> trackingId = string(item, tag(0x0040, 0xA160));
            case "112040" -> trackingUid = string(item, tag(0x0040, 0xA124));
            case "121232" -> sourceSeries = string(item, tag(0x0040, 0xA124));
            case "121071" -> finding = code(item, tag(0x0040, 0xA168));
            case "121191" -> {
              AttributeList ref = single(item, tag(0x0008, 0x1199));
              segmentation = string(ref, tag(0x0008, 0x1155));
              segment = Attribute.getSingleIntegerValueOrDefault(ref, tag(0x0062, 0x000B), 0);
            }
            case "118565006" -> volume = Attribute.getSingleDoubleValueOrDefault(single(item, tag(0x0040, 0xA300)),
                tag(0x0040, 0xA30A), Double.NaN);
            default -> { }
          }
        }
        measurements.add(new DecodedMeasurementReport.Measurement(trackingId, trackingUid, segment, finding, volume));
      }
    }
    return new DecodedMeasurementReport(string(l, tag(0x0008, 0x0016)), string(l, tag(0x0008, 0x0018)), string(l, tag(0x0020, 0x000E)),
        string(l, tag(0x0020, 0x000D)), string(l, tag(0x0040, 0xA493)), observer, predecessor, sourceSeries, segmentation,
        segmentationSeries(l, segmentation), Attribute.getSingleIntegerValueOrDefault(l, tag(0x0020, 0x0013), 1),
        new AlgorithmIdentity(string(l, tag(0x0008, 0x1090)), string(l, tag(0x0018, 0x1020)), string(l, tag(0x0008, 0x0070)), deviceUid),
        procedure, List.copyOf(measurements));
  }

  /** The SEG's series, from the evidence sequence that lists every referenced instance. */
  private static String segmentationSeries(AttributeList l, String segmentationUid) {
    for (AttributeList study : items(l, tag(0x0040, 0xA375))) {
      for (AttributeList series : items(study, tag(0x0008, 0x1115))) {
        for (AttributeList sop : items(series, tag(0x0008, 0x1199))) {
          if (segmentationUid != null && segmentationUid.equals(string(sop, tag(0x0008, 0x1155)))) {
            return string(series, tag(0x0020, 0x000E));
          }
        }
      }
    }
    return null;
  }

  private static String conceptValue(AttributeList item) {
    DicomCode c = code(item, CONCEPT_NAME);
    return c == null ? "" : c.value();
  }

  private static AttributeTag tag(int group, int element) {
    return new AttributeTag(group, element);
  }

  private static String string(AttributeList l, AttributeTag t) {
    String s = Attribute.getSingleStringValueOrNull(l, t);
    return s == null || s.isEmpty() ? null : s;
  }

  private static List<AttributeList> items(AttributeList l, AttributeTag t) {
    List<AttributeList> out = new ArrayList<>();
    if (l != null && l.get(t) instanceof SequenceAttribute sq) {
      for (java.util.Iterator<SequenceItem> it = sq.iterator(); it.hasNext(); ) out.add(it.next().getAttributeList());
    }
    return out;
  }

  private static AttributeList single(AttributeList l, AttributeTag t) {
    List<AttributeList> items = items(l, t);
    return items.isEmpty() ? new AttributeList() : items.get(0);
  }

  private static DicomCode code(AttributeList l, AttributeTag t) {
    List<AttributeList> items = items(l, t);
    if (items.isEmpty()) return null;
    AttributeList c = items.get(0);
    return new DicomCode(string(c, tag(0x0008, 0x0100)), string(c, tag(0x0008, 0x0102)), string(c, tag(0x0008, 0x0104)));
  }
}
