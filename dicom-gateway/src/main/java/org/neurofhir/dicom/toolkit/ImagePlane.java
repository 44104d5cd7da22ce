package org.neurofhir.dicom.toolkit;

/**
 * Header, frame of reference and Image Plane attributes of one single-frame image, without pixels:
 * what a derived object needs to refer to it.
 *
 * @param pixelSpacing {between rows, between columns} in mm
 */
public record ImagePlane(
    InstanceHeader header,
    String frameOfReferenceUid,
    int rows,
    int columns,
    double[] imagePosition,
    double[] imageOrientation,
    double[] pixelSpacing,
    Double sliceThickness) {}
