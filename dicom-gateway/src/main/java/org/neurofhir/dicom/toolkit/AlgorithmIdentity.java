package org.neurofhir.dicom.toolkit;

/**
 * The software that made a derived object: written as equipment (Manufacturer, Model Name, Software
 * Versions), as the segment algorithm and as the device observer of a report.
 *
 * @param deviceUid a UID standing for this model version (Device Observer UID)
 */
public record AlgorithmIdentity(String name, String version, String manufacturer, String deviceUid) {}
