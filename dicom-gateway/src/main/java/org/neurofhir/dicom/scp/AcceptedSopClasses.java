package org.neurofhir.dicom.scp;

import java.util.Map;

/** Storage SOP classes the gateway accepts (a brain-MR site's output), with their names for the README. */
public final class AcceptedSopClasses {
  public static final Map<String, String> ALL = Map.ofEntries(
      Map.entry("1.2.840.10008.5.1.4.1.1.4", "MR Image Storage"),
      Map.entry("1.2.840.10008.5.1.4.1.1.4.1", "Enhanced MR Image Storage"),
      Map.entry("1.2.840.10008.5.1.4.1.1.4.3", "Enhanced MR Color Image Storage"),
      Map.entry("1.2.840.10008.5.1.4.1.1.4.2", "MR Spectroscopy Storage"),
      Map.entry("1.2.840.10008.5.1.4.1.1.2", "CT Image Storage"),
      Map.entry("1.2.840.10008.5.1.4.1.1.2.1", "Enhanced CT Image Storage"),
      Map.entry("1.2.840.10008.5.1.4.1.1.66.4", "Segmentation Storage"),
      Map.entry("1.2.840.10008.5.1.4.1.1.88.11", "Basic Text SR Storage"),
      Map.entry("1.2.840.10008.5.1.4.1.1.88.22", "Enhanced SR Storage"),
      Map.entry("1.2.840.10008.5.1.4.1.1.88.33", "Comprehensive SR Storage"),
      Map.entry("1.2.840.10008.5.1.4.1.1.7", "Secondary Capture Image Storage"),
      Map.entry("1.2.840.10008.5.1.4.1.1.7.2", "Multi-frame Grayscale Byte Secondary Capture Image Storage"),
      Map.entry("1.2.840.10008.5.1.4.1.1.7.3", "Multi-frame Grayscale Word Secondary Capture Image Storage"),
      Map.entry("1.2.840.10008.5.1.4.1.1.7.4", "Multi-frame True Color Secondary Capture Image Storage"));

  private AcceptedSopClasses() {}
}
