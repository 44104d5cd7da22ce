package org.neurofhir.dicom.mapping;

import org.neurofhir.profiles.MrSequenceType;

/**
 * Series whose description or protocol name matches {@code pattern} (a Java regular expression,
 * searched case-insensitively) are of sequence {@code type}. Rules are tried in order.
 */
public record SequenceRule(MrSequenceType type, String pattern) {}
