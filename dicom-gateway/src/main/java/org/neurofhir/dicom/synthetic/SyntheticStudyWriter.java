package org.neurofhir.dicom.synthetic;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.neurofhir.dicom.toolkit.DicomFileWriter;
import org.neurofhir.dicom.toolkit.MrImage;

/**
 * Writes a multi-series MR study (one series per sequence, one file per axial slice) with
 * consistent patient/study/series tags, shared frame of reference, correct geometry and UIDs
 * under our root. Real values are stored as unsigned 16-bit with Rescale Slope/Intercept.
 */
public class SyntheticStudyWriter {
  private static final double[] AXIAL = {1, 0, 0, 0, 1, 0};
  private static final int MAX_STORED = 65535;

  private final DicomFileWriter writer;
  private final UidGenerator uids;
  private final Clock clock;
  private final String sourceAeTitle;

  public SyntheticStudyWriter(DicomFileWriter writer, UidGenerator uids, Clock clock, String sourceAeTitle) {
    this.writer = writer;
    this.uids = uids;
    this.clock = clock;
    this.sourceAeTitle = sourceAeTitle;
  }

  /** Writes into {@code directory/<series number>/<slice>.dcm}; the directory is created. */
  public WrittenStudy write(Path directory, SyntheticPatient patient, List<SyntheticSeries> series) throws IOException {
    if (series.isEmpty()) throw new IllegalArgumentException("a study needs at least one series");
    Files.createDirectories(directory);
    LocalDateTime now = LocalDateTime.now(clock);
    String date = now.format(DateTimeFormatter.BASIC_ISO_DATE);
    String time = now.format(DateTimeFormatter.ofPattern("HHmmss"));
    String studyUid = uids.newUid();
    String frameOfReference = uids.newUid();
    List<WrittenStudy.Series> written = new ArrayList<>();
    for (int s = 0; s < series.size(); s++) {
      SyntheticSeries spec = series.get(s);
      int seriesNumber = s + 1;
      String seriesUid = uids.newUid();
      Path seriesDir = Files.createDirectories(directory.resolve(Integer.toString(seriesNumber)));
      VoxelVolume v = spec.volume();
      Rescale rescale = Rescale.fitting(v.voxels());
      int plane = v.columns() * v.rows();
      List<Path> files = new ArrayList<>(v.slices());
      for (int z = 0; z < v.slices(); z++) {
        short[] stored = new short[plane];
        for (int p = 0; p < plane; p++) stored[p] = rescale.store(v.voxels()[z * plane + p]);
        double[] position = {v.origin()[0], v.origin()[1], v.origin()[2] + z * v.spacing()[2]};
        Path file = seriesDir.resolve(String.format("%04d.dcm", z + 1));
        writer.writeMrImage(file, new MrImage(patient.patientId(), patient.patientName(), patient.birthDate(), patient.sex(),
            studyUid, date, time, patient.studyDescription(), patient.accessionNumber(), seriesUid, seriesNumber,
            spec.seriesDescription(), uids.newUid(), z + 1, frameOfReference, v.rows(), v.columns(), position, AXIAL,
            new double[] {v.spacing()[1], v.spacing()[0]}, v.spacing()[2], rescale.slope(), rescale.intercept(), stored,
            sourceAeTitle));
        files.add(file);
      }
      written.add(new WrittenStudy.Series(seriesUid, seriesNumber, spec.seriesDescription(), List.copyOf(files)));
    }
    return new WrittenStudy(studyUid, directory, List.copyOf(written));
  }

  /**
   * Linear map of the value range onto 0..65535. Slope and intercept are rounded to what a DS
   * string holds before quantising, so readers reconstruct exactly what we intended.
   */
  record Rescale(double slope, double intercept) {
    static Rescale fitting(float[] values) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      boolean integral = true;
      for (float f : values) {
        min = Math.min(min, f);
        max = Math.max(max, f);
        if (integral && f != Math.rint(f)) integral = false;
      }
      if (integral && max - min <= MAX_STORED) {
        return new Rescale(1, min >= 0 && max <= MAX_STORED ? 0 : min); // integer data (short arrays) kept exact
      }
      double intercept = ds(min);
      double slope = max > intercept ? ds((max - intercept) / MAX_STORED * (1 + 1e-6)) : 1;
      return new Rescale(slope, intercept);
    }

    short store(float value) {
      long q = Math.round((value - intercept) / slope);
      return (short) Math.max(0, Math.min(MAX_STORED, q));
    }

    private static double ds(double v) {
      return new BigDecimal(v).round(new MathContext(6)).doubleValue();
    }
  }
}
