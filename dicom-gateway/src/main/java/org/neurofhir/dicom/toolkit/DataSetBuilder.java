package org.neurofhir.dicom.toolkit;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import com.pixelmed.dicom.ValueRepresentation;

/**
 * Builds data sets attribute by attribute with explicit VRs: PixelMed 20220618's dictionary lacks
 * several attributes the Segmentation and SR IODs need (Segment Algorithm Name, Preliminary Flag, …).
 */
final class DataSetBuilder {
  /** Short name for the VR constants. */
  static final class VR extends ValueRepresentation {}


  private final AttributeList list;

  DataSetBuilder() {
    this(new AttributeList());
  }

  DataSetBuilder(AttributeList list) {
    this.list = list;
  }

  AttributeList list() {
    return list;
  }

  DataSetBuilder put(int group, int element, byte[] vr, String... values) throws DicomException {
    Attribute a = AttributeFactory.newAttribute(new AttributeTag(group, element), vr);
    for (String v : values) a.addValue(v == null ? "" : v);
    list.put(a);
    return this;
  }

  DataSetBuilder putDecimals(int group, int element, byte[] vr, double... values) throws DicomException {
    String[] s = new String[values.length];
    for (int i = 0; i < values.length; i++) s[i] = ds(values[i]);
    return put(group, element, vr, s);
  }

  DataSetBuilder sequence(int group, int element, AttributeList... items) {
    return sequence(group, element, List.of(items));
  }

  DataSetBuilder sequence(int group, int element, List<AttributeList> items) {
    SequenceAttribute sq = new SequenceAttribute(new AttributeTag(group, element));
    for (AttributeList item : items) sq.addItem(item);
    list.put(sq);
    return this;
  }

  DataSetBuilder code(int group, int element, DicomCode code) throws DicomException {
    return sequence(group, element, codeItem(code));
  }

  /** Patient, General Study and SOP Common attributes copied from a source instance. */
  DataSetBuilder patientAndStudy(InstanceHeader h) throws DicomException {
    put(0x0008, 0x0005, VR.CS, "ISO_IR 100");
    put(0x0008, 0x0020, VR.DA, h.studyDate());
    put(0x0008, 0x0030, VR.TM, h.studyTime());
    put(0x0008, 0x0050, VR.SH, h.accessionNumber());
    put(0x0008, 0x0090, VR.PN, h.referringPhysicianName());
    put(0x0008, 0x1030, VR.LO, h.studyDescription());
    put(0x0010, 0x0010, VR.PN, h.patientName());
    put(0x0010, 0x0020, VR.LO, h.patientId());
    if (h.issuerOfPatientId() != null) put(0x0010, 0x0021, VR.LO, h.issuerOfPatientId());
    put(0x0010, 0x0030, VR.DA, h.patientBirthDate());
    put(0x0010, 0x0040, VR.CS, h.patientSex());
    put(0x0020, 0x000D, VR.UI, h.studyInstanceUid());
    put(0x0020, 0x0010, VR.SH, ""); // Study ID: not in our header record; type 2
    return this;
  }

  /** Coding Scheme Identification Sequence (SOP Common) for our private schemes. */
  DataSetBuilder codingSchemes(List<PrivateCodingScheme> schemes) throws DicomException {
    if (schemes.isEmpty()) return this;
    List<AttributeList> items = new java.util.ArrayList<>();
    for (PrivateCodingScheme s : schemes) {
      items.add(new DataSetBuilder()
          .put(0x0008, 0x0102, VR.SH, s.designator())
          .put(0x0008, 0x0115, VR.ST, s.name())
          .put(0x0008, 0x0116, VR.ST, s.responsibleOrganization())
          .list());
    }
    return sequence(0x0008, 0x0110, items);
  }

  /** Hierarchical SOP Instance Reference: one series' instances. */
  static AttributeList seriesReference(String seriesUid, String sopClassUid, List<String> sopInstanceUids, boolean hierarchical)
      throws DicomException {
    List<AttributeList> instances = new java.util.ArrayList<>();
    for (String uid : sopInstanceUids) instances.add(instanceReference(sopClassUid, uid));
    DataSetBuilder series = new DataSetBuilder().put(0x0020, 0x000E, VR.UI, seriesUid);
    // Hierarchical SOP Instance Reference (SR evidence) names them Referenced SOP Sequence; the Common
    // Instance Reference module, Referenced Instance Sequence.
    series.sequence(0x0008, hierarchical ? 0x1199 : 0x114A, instances);
    return series.list();
  }

  static AttributeList instanceReference(String sopClassUid, String sopInstanceUid) throws DicomException {
    return new DataSetBuilder().put(0x0008, 0x1150, VR.UI, sopClassUid).put(0x0008, 0x1155, VR.UI, sopInstanceUid).list();
  }

  static AttributeList codeItem(DicomCode code) throws DicomException {
    return new DataSetBuilder()
        .put(0x0008, 0x0100, VR.SH, code.value())
        .put(0x0008, 0x0102, VR.SH, code.scheme())
        .put(0x0008, 0x0104, VR.LO, code.meaning())
        .list();
  }

  static String da(LocalDateTime t) {
    return t.format(DateTimeFormatter.BASIC_ISO_DATE);
  }

  static String tm(LocalDateTime t) {
    return t.format(DateTimeFormatter.ofPattern("HHmmss"));
  }

  static String dt(LocalDateTime t) {
    return t.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
  }

  /** Decimal String: at most 16 characters, no exponent where a plain form fits. */
  static String ds(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    for (int digits = 10; digits >= 1; digits--) {
      String s = String.format(Locale.ROOT, "%." + digits + "f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
      if (s.length() <= 16) return s;
    }
    return String.format(Locale.ROOT, "%.6e", v);
  }
}
