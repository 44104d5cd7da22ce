package org.neurofhir.server.record.lab;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Lab results.
 *
 * @param defaultRanges give a result of a shipped LOINC test that arrives without a reference range the clinic's
 *     default for the patient's sex and age (ObservationDefinition lab-* in the conformance package)
 * @param criticalNotices on a result interpreted LL/HH (or AA), store a Communication to the ordering doctor
 */
@ConfigurationProperties(prefix = "neurofhir.record.lab")
public record LabProperties(
    @DefaultValue("true") boolean defaultRanges,
    @DefaultValue("true") boolean criticalNotices) {}
