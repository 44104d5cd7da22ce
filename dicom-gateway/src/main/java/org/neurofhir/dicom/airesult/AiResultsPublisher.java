package org.neurofhir.dicom.airesult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.neurofhir.dicom.store.InstanceConflictException;
import org.neurofhir.dicom.store.InstanceStore;
import org.neurofhir.dicom.store.InvalidInstanceException;
import org.neurofhir.dicom.synthetic.UidGenerator;
import org.neurofhir.dicom.toolkit.AlgorithmIdentity;
import org.neurofhir.dicom.toolkit.DecodedMeasurementReport;
import org.neurofhir.dicom.toolkit.DicomFileReader;
import org.neurofhir.dicom.toolkit.DicomFileWriter;
import org.neurofhir.dicom.toolkit.DicomFormatException;
import org.neurofhir.dicom.toolkit.MeasurementReportObject;
import org.neurofhir.dicom.toolkit.MeasurementReportObject.VolumeMeasurement;
import org.neurofhir.dicom.toolkit.SegmentDefinition;
import org.neurofhir.dicom.toolkit.SegmentationObject;
import org.neurofhir.dicom.toolkit.SourceImageSeries;
import org.neurofhir.profiles.TumourRegion;

/**
 * Publishes a segmentation as IHE AI Results objects in the instance store, as two new series of
 * the source study: a binary DICOM Segmentation (one segment per region) and a TID 1500 measurement
 * report (Comprehensive SR, preliminary and unverified) stating each segment's volume. Both files
 * are written and checked before either is stored, so bad input leaves nothing behind.
 */
public class AiResultsPublisher {
  /** Series numbers of the derived series: far above scanner series so viewers list them last. */
  static final int SEGMENTATION_SERIES_NUMBER = 901;
  static final int REPORT_SERIES_NUMBER = 902;
  private static final String MANUFACTURER = "NeuroFHIR";
  private static final double GRID_TOLERANCE_MM = 0.01;

  private final DicomFileReader reader;
  private final DicomFileWriter writer;
  private final InstanceStore store;
  private final UidGenerator uids;
  private final Clock clock;
  private final SourceSeriesReader sources;

  public AiResultsPublisher(DicomFileReader reader, DicomFileWriter writer, InstanceStore store, UidGenerator uids, Clock clock) {
    this.reader = reader;
    this.writer = writer;
    this.store = store;
    this.uids = uids;
    this.clock = clock;
    this.sources = new SourceSeriesReader(reader);
  }

  public StoredAiResults publish(AiResultRequest request) throws InvalidAiResultException, IOException {
    SourceImageSeries source = sources.read(request.sourceSeriesDirectory());
    requireSameGrid(request.labels(), source);
    Map<TumourRegion, Long> counts = countVoxels(request);
    AlgorithmIdentity algorithm = algorithm(request.modelName(), request.modelVersion());
    LocalDateTime now = LocalDateTime.now(clock);

    List<SegmentDefinition> segments = new ArrayList<>();
    List<VolumeMeasurement> measurements = new ArrayList<>();
    Map<TumourRegion, Double> volumes = new LinkedHashMap<>();
    int number = 1;
    for (Map.Entry<Integer, TumourRegion> e : new TreeMap<>(request.regionsByLabel()).entrySet()) {
      TumourRegion region = e.getValue();
      String trackingUid = keyedUid(request.resultKey(), "tracking-" + region.code());
      segments.add(new SegmentDefinition(number, e.getKey(), region.display(), TumourSegmentCodes.MORPHOLOGICALLY_ALTERED_STRUCTURE,
          TumourSegmentCodes.of(region), TumourSegmentCodes.BRAIN, region.code(), trackingUid, TumourSegmentCodes.cieLab(region)));
      double cm3 = counts.get(region) * source.voxelVolumeMm3() / 1000.0;
      volumes.put(region, cm3);
      measurements.add(new VolumeMeasurement(number, region.code(), trackingUid, TumourSegmentCodes.of(region), TumourSegmentCodes.BRAIN, cm3));
      number++;
    }
    String key = request.resultKey();
    SegmentationObject seg = new SegmentationObject(source, keyedUid(key, "seg-series"), SEGMENTATION_SERIES_NUMBER,
        "AI segmentation " + request.modelName(), keyedUid(key, "seg"), 1, now, algorithm, segments,
        List.of(TumourSegmentCodes.SCHEME), request.labels().labels());
    MeasurementReportObject report = new MeasurementReportObject(source, keyedUid(key, "sr-series"), REPORT_SERIES_NUMBER,
        "AI volumes " + request.modelName(), keyedUid(key, "sr"), 1, now, algorithm, TumourSegmentCodes.MR_BRAIN,
        new MeasurementReportObject.SegmentationReference(seg.seriesInstanceUid(), seg.sopInstanceUid()), measurements,
        List.of(TumourSegmentCodes.SCHEME), null, null);
    storeTogether(seg, report);
    return new StoredAiResults(source.studyInstanceUid(), seg.seriesInstanceUid(), seg.sopInstanceUid(),
        report.seriesInstanceUid(), report.sopInstanceUid(), Map.copyOf(volumes));
  }

  /**
   * A reviewed report: a new SR instance in the earlier report's series, verified by the reviewer,
   * with the amended volumes (regions not named keep theirs), pointing to the earlier one as its
   * predecessor. The earlier report stays as it was.
   */
  public StoredAiResults amend(String studyInstanceUid, String reportSeriesUid, String reportSopInstanceUid,
      Map<TumourRegion, Double> amendedCm3, String reviewerName, String organization)
      throws InvalidAiResultException, IOException {
    Path previousFile = store.seriesDirectory(studyInstanceUid, reportSeriesUid).resolve(reportSopInstanceUid + ".dcm");
    DecodedMeasurementReport previous;
    try {
      previous = reader.readMeasurementReport(previousFile);
    } catch (DicomFormatException e) {
      throw new InvalidAiResultException("no readable report " + reportSopInstanceUid + " in series " + reportSeriesUid, e);
    }
    if (previous.measurements().isEmpty() || previous.sourceSeriesInstanceUid() == null) {
      throw new InvalidAiResultException("report " + reportSopInstanceUid + " is not a segmentation volume report of ours");
    }
    SourceImageSeries source = sources.read(store.seriesDirectory(studyInstanceUid, previous.sourceSeriesInstanceUid()));
    List<VolumeMeasurement> measurements = new ArrayList<>();
    Map<TumourRegion, Double> volumes = new LinkedHashMap<>();
    for (DecodedMeasurementReport.Measurement m : previous.measurements()) {
      TumourRegion region = TumourSegmentCodes.regionOf(m.finding());
      double cm3 = amendedCm3.getOrDefault(region, m.volumeCm3());
      if (!(cm3 >= 0) || Double.isInfinite(cm3)) throw new InvalidAiResultException("amended volume of " + region.code() + " must be ≥ 0");
      volumes.put(region, cm3);
      measurements.add(new VolumeMeasurement(m.segmentNumber(), m.trackingId(), m.trackingUid(), m.finding(), TumourSegmentCodes.BRAIN, cm3));
    }
    for (TumourRegion r : amendedCm3.keySet()) {
      if (!volumes.containsKey(r)) throw new InvalidAiResultException("the report has no " + r.code() + " measurement to amend");
    }
    LocalDateTime now = LocalDateTime.now(clock);
    int instanceNumber = previous.instanceNumber() == null ? 2 : previous.instanceNumber() + 1;
    MeasurementReportObject report = new MeasurementReportObject(source, reportSeriesUid, REPORT_SERIES_NUMBER,
        "AI volumes " + previous.algorithm().name() + " (reviewed)", uids.newUid(), instanceNumber, now, previous.algorithm(),
        previous.procedureReported() != null ? previous.procedureReported() : TumourSegmentCodes.MR_BRAIN,
        new MeasurementReportObject.SegmentationReference(previous.segmentationSeriesInstanceUid(), previous.segmentationSopInstanceUid()),
        measurements, List.of(TumourSegmentCodes.SCHEME),
        new MeasurementReportObject.Verification(reviewerName, organization, now),
        new MeasurementReportObject.InstanceReference(studyInstanceUid, reportSeriesUid, previous.sopClassUid(), reportSopInstanceUid));
    Path staged = stage();
    try {
      writer.writeMeasurementReport(staged, report);
      storeStaged(staged);
    } finally {
      Files.deleteIfExists(staged);
    }
    return new StoredAiResults(studyInstanceUid, previous.segmentationSeriesInstanceUid(), previous.segmentationSopInstanceUid(),
        reportSeriesUid, report.sopInstanceUid(), Map.copyOf(volumes));
  }

  private static void requireSameGrid(LabelVolume labels, SourceImageSeries source) throws InvalidAiResultException {
    if (labels.columns() != source.columns() || labels.rows() != source.rows() || labels.slices() != source.slices().size()) {
      throw new InvalidAiResultException(String.format("label volume is %dx%dx%d but source series %s is %dx%dx%d",
          labels.columns(), labels.rows(), labels.slices(), source.seriesInstanceUid(), source.columns(), source.rows(),
          source.slices().size()));
    }
    if (labels.labels().length != (long) labels.columns() * labels.rows() * labels.slices()) {
      throw new InvalidAiResultException("label volume has " + labels.labels().length + " voxels, not columns x rows x slices");
    }
    double[] first = source.slices().get(0).position();
    double[] o = labels.origin();
    if (o == null || Math.abs(o[0] - first[0]) > GRID_TOLERANCE_MM || Math.abs(o[1] - first[1]) > GRID_TOLERANCE_MM
        || Math.abs(o[2] - first[2]) > GRID_TOLERANCE_MM) {
      throw new InvalidAiResultException("label volume origin does not lie on the source series' first slice "
          + java.util.Arrays.toString(first) + ": the labels must be on the source grid");
    }
  }

  private static Map<TumourRegion, Long> countVoxels(AiResultRequest request) throws InvalidAiResultException {
    if (request.regionsByLabel().isEmpty()) throw new InvalidAiResultException("no region is defined for any label value");
    long[] histogram = new long[256];
    for (byte b : request.labels().labels()) histogram[b & 0xFF]++;
    Map<TumourRegion, Long> counts = new LinkedHashMap<>();
    long labelled = 0;
    for (int value = 1; value < 256; value++) {
      if (histogram[value] == 0) continue;
      TumourRegion region = request.regionsByLabel().get(value);
      if (region == null) throw new InvalidAiResultException("label value " + value + " has no region");
      counts.put(region, histogram[value]);
      labelled += histogram[value];
    }
    if (labelled == 0) throw new InvalidAiResultException("label volume is empty: no voxel belongs to any region");
    request.regionsByLabel().values().forEach(r -> counts.putIfAbsent(r, 0L));
    return counts;
  }

  /** The model version as a device: a UID derived from name and version, the same on every node and run. */
  private static AlgorithmIdentity algorithm(String name, String version) {
    return new AlgorithmIdentity(name, version, MANUFACTURER, keyedUid(name, version));
  }

  /** PS3.5 B.2 UUID-derived UID of a name-based (MD5) UUID: the same key and purpose give the same UID. */
  private static String keyedUid(String key, String purpose) {
    if (key == null || key.isBlank()) throw new IllegalArgumentException("a result key is needed to name the objects");
    UUID u = UUID.nameUUIDFromBytes((key + "|" + purpose).getBytes(StandardCharsets.UTF_8));
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(17).put((byte) 0)
        .putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
    return "2.25." + new java.math.BigInteger(b.array());
  }

  private void storeTogether(SegmentationObject seg, MeasurementReportObject report) throws IOException, InvalidAiResultException {
    Path segFile = stage();
    Path srFile = stage();
    try {
      writer.writeSegmentation(segFile, seg);
      writer.writeMeasurementReport(srFile, report);
      storeStaged(segFile);
      storeStaged(srFile);
    } finally {
      Files.deleteIfExists(segFile);
      Files.deleteIfExists(srFile);
    }
  }

  private Path stage() throws IOException {
    Files.createDirectories(store.stagingDirectory());
    return Files.createTempFile(store.stagingDirectory(), "ai-result-", ".dcm");
  }

  private void storeStaged(Path staged) throws IOException, InvalidAiResultException {
    try {
      store.store(staged, reader.readCompleteHeader(staged), "1.2.840.10008.1.2.1", "NEUROFHIR");
    } catch (DicomFormatException | InvalidInstanceException | InstanceConflictException e) {
      throw new InvalidAiResultException("derived object could not be stored: " + e.getMessage(), e);
    }
  }
}
