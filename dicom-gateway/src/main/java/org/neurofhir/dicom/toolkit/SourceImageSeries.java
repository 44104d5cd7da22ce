package org.neurofhir.dicom.toolkit;

import java.util.List;

/**
 * The single-frame image series a segmentation was computed from: identity of its patient and study
 * (copied into the derived objects), its frame of reference and its regular slice grid.
 *
 * @param patientStudy patient and study attributes of one of its instances
 * @param rowDirection direction cosine along a row (increasing column index)
 * @param columnDirection direction cosine down a column (increasing row index)
 * @param pixelSpacing {between rows, between columns} in mm (DICOM order)
 * @param spacingBetweenSlices centre-to-centre distance of adjacent slices, mm
 * @param slices the slices in label-volume order, first slice first
 */
public record SourceImageSeries(
    InstanceHeader patientStudy,
    String seriesInstanceUid,
    String sopClassUid,
    String frameOfReferenceUid,
    int rows,
    int columns,
    double[] rowDirection,
    double[] columnDirection,
    double[] pixelSpacing,
    double sliceThickness,
    double spacingBetweenSlices,
    List<Slice> slices) {

  /** One source image: its SOP Instance UID and Image Position (Patient). */
  public record Slice(String sopInstanceUid, double[] position) {}

  public String studyInstanceUid() {
    return patientStudy.studyInstanceUid();
  }

  /** Voxel volume in mm³. */
  public double voxelVolumeMm3() {
    return pixelSpacing[0] * pixelSpacing[1] * spacingBetweenSlices;
  }
}
