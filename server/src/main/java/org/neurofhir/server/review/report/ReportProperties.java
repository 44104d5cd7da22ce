package org.neurofhir.server.review.report;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code neurofhir.report.*}: the header of the illustrated PDF segmentation report.
 *
 * @param clinicName printed at the top of every report
 * @param clinicAddress second header line (address, department, phone); empty: none
 * @param logo a PNG or JPEG printed at the top right; unset: none. Read once at start, so a missing or unreadable
 *     file stops the server instead of every report silently losing it
 */
@ConfigurationProperties(prefix = "neurofhir.report")
public record ReportProperties(
    @DefaultValue("NeuroFHIR clinic") String clinicName,
    @DefaultValue("") String clinicAddress,
    Path logo) {}
