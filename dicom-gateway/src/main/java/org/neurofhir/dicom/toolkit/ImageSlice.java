package org.neurofhir.dicom.toolkit;

/**
 * One single-frame grey-scale image: geometry from the Image Plane module and pixel values with
 * Rescale Slope/Intercept applied, row-major ({@code pixels[row * columns + column]}).
 *
 * @param imagePosition patient-space position (mm) of the centre of the first voxel
 * @param rowDirection direction cosine along a row (increasing column index)
 * @param columnDirection direction cosine down a column (increasing row index)
 * @param pixelSpacing {row spacing (between rows), column spacing (between columns)} in mm
 */
public record ImageSlice(
    String sopInstanceUid,
    Integer instanceNumber,
    int rows,
    int columns,
    double[] imagePosition,
    double[] rowDirection,
    double[] columnDirection,
    double[] pixelSpacing,
    Double sliceThickness,
    float[] pixels) {}
