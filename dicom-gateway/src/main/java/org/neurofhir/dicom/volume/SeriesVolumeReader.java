package org.neurofhir.dicom.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.neurofhir.dicom.toolkit.DicomFileReader;
import org.neurofhir.dicom.toolkit.DicomFormatException;
import org.neurofhir.dicom.toolkit.ImageSlice;

/**
 * Reads a stored series into a {@link SeriesVolume}: slices sorted by position along the slice
 * normal (row x column direction), not by Instance Number, which scanners do not keep consistent.
 * Refuses series that are not one regular stack.
 */
public class SeriesVolumeReader {
  /** Orientation cosines may differ by rounding in the DS strings; more is a tilted slice. */
  private static final double ORIENTATION_TOLERANCE = 1e-4;
  /** Slices closer than this (mm) are the same position. */
  private static final double DUPLICATE_TOLERANCE_MM = 1e-3;
  /** A gap more than this fraction larger than the typical spacing means a missing slice. */
  private static final double GAP_TOLERANCE = 0.2;

  private final DicomFileReader reader;

  public SeriesVolumeReader(DicomFileReader reader) {
    this.reader = reader;
  }

  /** Reads every regular file in the folder (a series directory of the store). */
  public SeriesVolume read(Path seriesDirectory) throws InconsistentSeriesException {
    List<Path> files;
    try (Stream<Path> s = Files.list(seriesDirectory)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new InconsistentSeriesException("cannot list series folder " + seriesDirectory + ": " + e.getMessage(), e);
    }
    return read(files);
  }

  public SeriesVolume read(List<Path> files) throws InconsistentSeriesException {
    if (files.isEmpty()) throw new InconsistentSeriesException("series has no instances");
    List<ImageSlice> slices = new ArrayList<>(files.size());
    for (Path f : files) {
      try {
        slices.add(reader.readSlice(f));
      } catch (DicomFormatException e) {
        throw new InconsistentSeriesException(e.getMessage(), e);
      }
    }
    ImageSlice first = slices.get(0);
    for (ImageSlice s : slices) {
      if (s.rows() != first.rows() || s.columns() != first.columns()) {
        throw new InconsistentSeriesException("mixed image sizes: " + first.columns() + "x" + first.rows() + " and "
            + s.columns() + "x" + s.rows() + " (" + s.sopInstanceUid() + ")");
      }
      if (!close(s.rowDirection(), first.rowDirection()) || !close(s.columnDirection(), first.columnDirection())) {
        throw new InconsistentSeriesException("mixed slice orientations (" + s.sopInstanceUid() + ")");
      }
      if (!close(s.pixelSpacing(), first.pixelSpacing())) {
        throw new InconsistentSeriesException("mixed pixel spacing (" + s.sopInstanceUid() + ")");
      }
    }
    double[] normal = cross(first.rowDirection(), first.columnDirection());
    slices.sort(Comparator.comparingDouble(s -> dot(s.imagePosition(), normal)));
    double sliceSpacing = sliceSpacing(slices, normal, first);

    int plane = first.rows() * first.columns();
    float[] voxels = new float[plane * slices.size()];
    List<String> uids = new ArrayList<>(slices.size());
    for (int k = 0; k < slices.size(); k++) {
      System.arraycopy(slices.get(k).pixels(), 0, voxels, k * plane, plane);
      uids.add(slices.get(k).sopInstanceUid());
    }
    ImageSlice lowest = slices.get(0);
    return new SeriesVolume(first.columns(), first.rows(), slices.size(), voxels, lowest.imagePosition().clone(),
        first.rowDirection().clone(), first.columnDirection().clone(), normal,
        new double[] {first.pixelSpacing()[1], first.pixelSpacing()[0], sliceSpacing}, List.copyOf(uids));
  }

  private static double sliceSpacing(List<ImageSlice> sorted, double[] normal, ImageSlice first) throws InconsistentSeriesException {
    if (sorted.size() == 1) {
      return first.sliceThickness() != null && first.sliceThickness() > 0 ? first.sliceThickness() : 1.0;
    }
    double[] gaps = new double[sorted.size() - 1];
    for (int k = 1; k < sorted.size(); k++) {
      gaps[k - 1] = dot(sorted.get(k).imagePosition(), normal) - dot(sorted.get(k - 1).imagePosition(), normal);
      if (gaps[k - 1] < DUPLICATE_TOLERANCE_MM) {
        throw new InconsistentSeriesException("duplicate slice position: " + sorted.get(k - 1).sopInstanceUid()
            + " and " + sorted.get(k).sopInstanceUid());
      }
    }
    double[] ordered = gaps.clone();
    Arrays.sort(ordered);
    double typical = ordered[0]; // smallest gap: with missing slices the median can be a double gap
    for (int k = 0; k < gaps.length; k++) {
      if (Math.abs(gaps[k] - typical) > GAP_TOLERANCE * typical) {
        throw new InconsistentSeriesException(String.format(java.util.Locale.ROOT,
            "missing or irregular slices: gap of %.3f mm after slice %d where spacing is %.3f mm", gaps[k], k + 1, typical));
      }
    }
    double sum = 0;
    for (double g : gaps) sum += g;
    return sum / gaps.length;
  }

  private static boolean close(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      if (Math.abs(a[i] - b[i]) > ORIENTATION_TOLERANCE * Math.max(1, Math.abs(b[i]))) return false;
    }
    return true;
  }

  private static double[] cross(double[] a, double[] b) {
    return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }
}
