package org.neurofhir.dicom.toolkit;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import java.util.ArrayList;
import java.util.List;
import org.neurofhir.dicom.toolkit.DataSetBuilder.VR;
import org.neurofhir.dicom.toolkit.MeasurementReportObject.VolumeMeasurement;

/**
 * Comprehensive SR holding TID 1500 (Measurement Report): device observer (TID 1004), image library
 * of the source slices, one TID 1411 volumetric group per segment referencing the SEG segment.
 */
final class MeasurementReportEncoder {
  static final String COMPREHENSIVE_SR = "1.2.840.10008.5.1.4.1.1.88.33";
  static final DicomCode VOLUME = new DicomCode("118565006", "SCT", "Volume");
  static final DicomCode CM3 = new DicomCode("cm3", "UCUM", "cubic centimeter");
  static final DicomCode MEASUREMENT_GROUP = new DicomCode("125007", "DCM", "Measurement Group");
  static final DicomCode TRACKING_ID = new DicomCode("112039", "DCM", "Tracking Identifier");
  static final DicomCode TRACKING_UID = new DicomCode("112040", "DCM", "Tracking Unique Identifier");
  static final DicomCode REFERENCED_SEGMENT = new DicomCode("121191", "DCM", "Referenced Segment");
  static final DicomCode SOURCE_SERIES = new DicomCode("121232", "DCM", "Source series for segmentation");
  static final DicomCode FINDING = new DicomCode("121071", "DCM", "Finding");
  private static final DicomCode REPORT = new DicomCode("126000", "DCM", "Imaging Measurement Report");
  private static final DicomCode LANGUAGE = new DicomCode("121049", "DCM", "Language of Content Item and Descendants");
  private static final DicomCode ENGLISH = new DicomCode("eng", "RFC5646", "English");
  private static final DicomCode OBSERVER_TYPE = new DicomCode("121005", "DCM", "Observer Type");
  private static final DicomCode DEVICE = new DicomCode("121007", "DCM", "Device");
  private static final DicomCode PERSON = new DicomCode("121006", "DCM", "Person");
  private static final DicomCode PERSON_NAME = new DicomCode("121008", "DCM", "Person Observer Name");
  private static final DicomCode DEVICE_UID = new DicomCode("121012", "DCM", "Device Observer UID");
  private static final DicomCode DEVICE_NAME = new DicomCode("121013", "DCM", "Device Observer Name");
  private static final DicomCode DEVICE_MANUFACTURER = new DicomCode("121014", "DCM", "Device Observer Manufacturer");
  private static final DicomCode DEVICE_MODEL = new DicomCode("121015", "DCM", "Device Observer Model Name");
  private static final DicomCode PROCEDURE_REPORTED = new DicomCode("121058", "DCM", "Procedure reported");
  private static final DicomCode IMAGE_LIBRARY = new DicomCode("111028", "DCM", "Image Library");
  private static final DicomCode IMAGE_LIBRARY_GROUP = new DicomCode("126200", "DCM", "Image Library Group");
  private static final DicomCode IMAGING_MEASUREMENTS = new DicomCode("126010", "DCM", "Imaging Measurements");
  private static final DicomCode FINDING_SITE = new DicomCode("363698007", "SCT", "Finding Site");
  private static final DicomCode ALGORITHM_NAME = new DicomCode("111001", "DCM", "Algorithm Name");
  private static final DicomCode ALGORITHM_VERSION = new DicomCode("111003", "DCM", "Algorithm Version");

  private MeasurementReportEncoder() {}

  static AttributeList encode(MeasurementReportObject r) throws DicomException {
    SourceImageSeries src = r.source();
    if (r.measurements().isEmpty()) throw new IllegalArgumentException("a measurement report needs at least one measurement");
    DataSetBuilder b = new DataSetBuilder().patientAndStudy(src.patientStudy());
    b.put(0x0008, 0x0016, VR.UI, COMPREHENSIVE_SR)
        .put(0x0008, 0x0018, VR.UI, r.sopInstanceUid())
        .put(0x0008, 0x0023, VR.DA, DataSetBuilder.da(r.contentDateTime()))
        .put(0x0008, 0x0033, VR.TM, DataSetBuilder.tm(r.contentDateTime()))
        .put(0x0008, 0x0060, VR.CS, "SR")
        .put(0x0008, 0x0070, VR.LO, r.algorithm().manufacturer())
        .put(0x0008, 0x103E, VR.LO, r.seriesDescription())
        .put(0x0008, 0x1090, VR.LO, r.algorithm().name())
        .put(0x0018, 0x1020, VR.LO, r.algorithm().version())
        .put(0x0020, 0x000E, VR.UI, r.seriesInstanceUid())
        .put(0x0020, 0x0011, VR.IS, Integer.toString(r.seriesNumber()))
        .put(0x0020, 0x0013, VR.IS, Integer.toString(r.instanceNumber()))
        .put(0x0040, 0xA491, VR.CS, "COMPLETE")
        .put(0x0040, 0xA493, VR.CS, r.verified() ? "VERIFIED" : "UNVERIFIED")
        .put(0x0040, 0xA496, VR.CS, r.verified() ? "FINAL" : "PRELIMINARY")
        .sequence(0x0008, 0x1111, List.of()) // Referenced Performed Procedure Step: type 2, none known
        .sequence(0x0040, 0xA372, List.of()); // Performed Procedure Code: type 2, none known
    b.codingSchemes(r.privateCodingSchemes());
    if (r.verified()) {
      b.sequence(0x0040, 0xA073, new DataSetBuilder()
          .put(0x0040, 0xA075, VR.PN, r.verification().observerName())
          .sequence(0x0040, 0xA088, List.of())
          .put(0x0040, 0xA027, VR.LO, r.verification().organization())
          .put(0x0040, 0xA030, VR.DT, DataSetBuilder.dt(r.verification().dateTime()))
          .list());
    }
    if (r.predecessor() != null) {
      MeasurementReportObject.InstanceReference p = r.predecessor();
      b.sequence(0x0040, 0xA360, new DataSetBuilder().put(0x0020, 0x000D, VR.UI, p.studyInstanceUid())
          .sequence(0x0008, 0x1115, DataSetBuilder.seriesReference(p.seriesInstanceUid(), p.sopClassUid(), List.of(p.sopInstanceUid()), true))
          .list());
    }
    List<String> sourceUids = src.slices().stream().map(SourceImageSeries.Slice::sopInstanceUid).toList();
    b.sequence(0x0040, 0xA375, new DataSetBuilder().put(0x0020, 0x000D, VR.UI, src.studyInstanceUid())
        .sequence(0x0008, 0x1115,
            DataSetBuilder.seriesReference(src.seriesInstanceUid(), src.sopClassUid(), sourceUids, true),
            DataSetBuilder.seriesReference(r.segmentation().seriesInstanceUid(), SegmentationEncoder.SEGMENTATION_STORAGE,
                List.of(r.segmentation().sopInstanceUid()), true))
        .list());

    // Document content: the root content item's attributes live in the top-level data set.
    b.put(0x0040, 0xA040, VR.CS, "CONTAINER").code(0x0040, 0xA043, REPORT).put(0x0040, 0xA050, VR.CS, "SEPARATE")
        .sequence(0x0040, 0xA504, new DataSetBuilder().put(0x0008, 0x0105, VR.CS, "DCMR").put(0x0040, 0xDB00, VR.CS, "1500").list());
    List<AttributeList> content = new ArrayList<>();
    content.add(code("HAS CONCEPT MOD", LANGUAGE, ENGLISH));
    content.add(code("HAS OBS CONTEXT", OBSERVER_TYPE, DEVICE));
    content.add(uid("HAS OBS CONTEXT", DEVICE_UID, r.algorithm().deviceUid()));
    content.add(text("HAS OBS CONTEXT", DEVICE_NAME, r.algorithm().name()));
    content.add(text("HAS OBS CONTEXT", DEVICE_MANUFACTURER, r.algorithm().manufacturer()));
    content.add(text("HAS OBS CONTEXT", DEVICE_MODEL, r.algorithm().name() + " " + r.algorithm().version()));
    if (r.verified()) {
      content.add(code("HAS OBS CONTEXT", OBSERVER_TYPE, PERSON));
      content.add(item("HAS OBS CONTEXT", "PNAME", PERSON_NAME).put(0x0040, 0xA123, VR.PN, r.verification().observerName()).list());
    }
    content.add(code("HAS CONCEPT MOD", PROCEDURE_REPORTED, r.procedureReported()));
    List<AttributeList> images = new ArrayList<>();
    for (String uid : sourceUids) images.add(image(null, src.sopClassUid(), uid, null));
    content.add(container(IMAGE_LIBRARY, List.of(container(IMAGE_LIBRARY_GROUP, images))));
    List<AttributeList> groups = new ArrayList<>();
    for (VolumeMeasurement m : r.measurements()) groups.add(group(m, r));
    content.add(container(IMAGING_MEASUREMENTS, groups));
    b.sequence(0x0040, 0xA730, content);
    return b.list();
  }

  private static AttributeList group(VolumeMeasurement m, MeasurementReportObject r) throws DicomException {
    List<AttributeList> items = new ArrayList<>();
    items.add(text("HAS OBS CONTEXT", TRACKING_ID, m.trackingId()));
    items.add(uid("HAS OBS CONTEXT", TRACKING_UID, m.trackingUid()));
    items.add(image(REFERENCED_SEGMENT, SegmentationEncoder.SEGMENTATION_STORAGE, r.segmentation().sopInstanceUid(), m.segmentNumber()));
    items.add(uid("CONTAINS", SOURCE_SERIES, r.source().seriesInstanceUid()));
    items.add(code("CONTAINS", FINDING, m.finding()));
    if (m.findingSite() != null) items.add(code("HAS CONCEPT MOD", FINDING_SITE, m.findingSite()));
    AttributeList volume = item("CONTAINS", "NUM", VOLUME)
        .sequence(0x0040, 0xA300, new DataSetBuilder()
            .code(0x0040, 0x08EA, CM3)
            .putDecimals(0x0040, 0xA30A, VR.DS, m.volumeCm3())
            .list())
        .sequence(0x0040, 0xA730,
            text("HAS CONCEPT MOD", ALGORITHM_NAME, r.algorithm().name()),
            text("HAS CONCEPT MOD", ALGORITHM_VERSION, r.algorithm().version()))
        .list();
    items.add(volume);
    AttributeList g = container(MEASUREMENT_GROUP, items);
    return g;
  }

  private static DataSetBuilder item(String relationship, String valueType, DicomCode concept) throws DicomException {
    DataSetBuilder b = new DataSetBuilder().put(0x0040, 0xA010, VR.CS, relationship).put(0x0040, 0xA040, VR.CS, valueType);
    if (concept != null) b.code(0x0040, 0xA043, concept);
    return b;
  }

  private static AttributeList container(DicomCode concept, List<AttributeList> children) throws DicomException {
    return item("CONTAINS", "CONTAINER", concept).put(0x0040, 0xA050, VR.CS, "SEPARATE").sequence(0x0040, 0xA730, children).list();
  }

  private static AttributeList code(String relationship, DicomCode concept, DicomCode value) throws DicomException {
    return item(relationship, "CODE", concept).code(0x0040, 0xA168, value).list();
  }

  private static AttributeList text(String relationship, DicomCode concept, String value) throws DicomException {
    return item(relationship, "TEXT", concept).put(0x0040, 0xA160, VR.UT, value).list();
  }

  private static AttributeList uid(String relationship, DicomCode concept, String value) throws DicomException {
    return item(relationship, "UIDREF", concept).put(0x0040, 0xA124, VR.UI, value).list();
  }

  private static AttributeList image(DicomCode concept, String sopClassUid, String sopInstanceUid, Integer segmentNumber)
      throws DicomException {
    AttributeList ref = DataSetBuilder.instanceReference(sopClassUid, sopInstanceUid);
    if (segmentNumber != null) new DataSetBuilder(ref).put(0x0062, 0x000B, VR.US, Integer.toString(segmentNumber));
    return item("CONTAINS", "IMAGE", concept).sequence(0x0008, 0x1199, ref).list();
  }
}
