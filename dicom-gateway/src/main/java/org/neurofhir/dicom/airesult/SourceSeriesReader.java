package org.neurofhir.dicom.airesult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.neurofhir.dicom.toolkit.DicomFileReader;
import org.neurofhir.dicom.toolkit.DicomFormatException;
import org.neurofhir.dicom.toolkit.ImagePlane;
import org.neurofhir.dicom.toolkit.SourceImageSeries;

/**
 * Reads the headers of a stored source series into a {@link SourceImageSeries}, slices ordered along
 * the slice normal exactly as {@code SeriesVolumeReader} orders the voxels the model saw.
 */
class SourceSeriesReader {
  private final DicomFileReader reader;

  SourceSeriesReader(DicomFileReader reader) {
    this.reader = reader;
  }

  SourceImageSeries read(Path seriesDirectory) throws InvalidAiResultException {
    List<Path> files;
    try (Stream<Path> s = Files.list(seriesDirectory)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new InvalidAiResultException("cannot list source series folder " + seriesDirectory + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) throw new InvalidAiResultException("source series folder " + seriesDirectory + " holds no instances");
    List<ImagePlane> planes = new ArrayList<>(files.size());
    for (Path f : files) {
      try {
        planes.add(reader.readImagePlane(f));
      } catch (DicomFormatException e) {
        throw new InvalidAiResultException("source series: " + e.getMessage(), e);
      }
    }
    ImagePlane first = planes.get(0);
    double[] o = first.imageOrientation();
    double[] row = {o[0], o[1], o[2]};
    double[] column = {o[3], o[4], o[5]};
    double[] normal = {row[1] * column[2] - row[2] * column[1], row[2] * column[0] - row[0] * column[2],
        row[0] * column[1] - row[1] * column[0]};
    planes.sort(Comparator.comparingDouble(p -> dot(p.imagePosition(), normal)));
    double spacing = planes.size() == 1
        ? (first.sliceThickness() != null ? first.sliceThickness() : 1.0)
        : (dot(planes.get(planes.size() - 1).imagePosition(), normal) - dot(planes.get(0).imagePosition(), normal)) / (planes.size() - 1);
    if (first.frameOfReferenceUid() == null) throw new InvalidAiResultException("source series has no Frame of Reference UID");
    List<SourceImageSeries.Slice> slices = planes.stream()
        .map(p -> new SourceImageSeries.Slice(p.header().sopInstanceUid(), p.imagePosition())).toList();
    return new SourceImageSeries(first.header(), first.header().seriesInstanceUid(), first.header().sopClassUid(),
        first.frameOfReferenceUid(), first.rows(), first.columns(), row, column, first.pixelSpacing(),
        first.sliceThickness() != null ? first.sliceThickness() : spacing, spacing, slices);
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }
}
