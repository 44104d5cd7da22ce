package org.neurofhir.dicom.toolkit;

/**
 * A coding scheme of ours (designator starting "99", PS3.3 8.2), declared in the Coding Scheme
 * Identification Sequence so a receiver can tell where its codes are defined.
 */
public record PrivateCodingScheme(String designator, String name, String responsibleOrganization) {}
