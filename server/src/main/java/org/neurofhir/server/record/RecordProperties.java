package org.neurofhir.server.record;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The clinic's medical record numbers (MRN).
 *
 * @param assignMrn give every Patient stored without an MRN the next one (REST, bundles and the DICOM intake alike)
 * @param mrnPattern how a number reads: {@code {year}} is the year of registration, {@code {number:6}} the next
 *     number of a database sequence zero-padded to 6 digits (it never restarts, so numbers stay unique across years)
 */
@ConfigurationProperties(prefix = "neurofhir.record")
public record RecordProperties(
    @DefaultValue("true") boolean assignMrn,
    @DefaultValue("NF-{year}-{number:6}") String mrnPattern) {}
