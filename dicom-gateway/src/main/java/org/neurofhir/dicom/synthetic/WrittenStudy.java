package org.neurofhir.dicom.synthetic;

import java.nio.file.Path;
import java.util.List;

/** What {@link SyntheticStudyWriter} wrote: UIDs and files, one entry per series. */
public record WrittenStudy(String studyInstanceUid, Path directory, List<Series> series) {

  public record Series(String seriesInstanceUid, int seriesNumber, String seriesDescription, List<Path> files) {}

  public List<Path> allFiles() {
    return series.stream().flatMap(s -> s.files().stream()).toList();
  }
}
