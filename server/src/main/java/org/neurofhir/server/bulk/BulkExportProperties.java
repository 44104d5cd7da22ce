package org.neurofhir.server.bulk;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * FHIR Bulk Data {@code $export} (server/README.md "Bulk export").
 *
 * @param fileRetention how long a finished export's NDJSON files stay; HAPI deletes expired ones once an hour, so a
 *     file lives at most this plus one hour (whole hours, at least one)
 * @param maxResourcesPerFile resources in one NDJSON file before the next file starts
 * @param jobReuse a kick-off identical to an earlier one of the same caller answers with that job (HAPI's cache);
 *     off: every kick-off exports afresh
 */
@ConfigurationProperties(prefix = "neurofhir.bulk-export")
public record BulkExportProperties(
    @DefaultValue("2h") Duration fileRetention,
    @DefaultValue("1000") int maxResourcesPerFile,
    @DefaultValue("false") boolean jobReuse) {

  int fileRetentionHours() {
    return (int) Math.max(1, (fileRetention.toMinutes() + 59) / 60);
  }
}
