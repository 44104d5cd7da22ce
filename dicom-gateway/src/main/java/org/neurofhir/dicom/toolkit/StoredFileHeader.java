package org.neurofhir.dicom.toolkit;

/**
 * Header of a Part 10 file as the store keeps it: the instance attributes plus what only the file
 * meta information knows (how it was encoded on the wire, who sent it).
 *
 * @param sourceAeTitle Source Application Entity Title (0002,0016); the gateway records the calling AE there
 */
public record StoredFileHeader(InstanceHeader instance, String transferSyntaxUid, String sourceAeTitle) {}
