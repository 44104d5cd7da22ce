package org.neurofhir.server.fhir;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the FHIR REST endpoint and of HAPI's JPA storage. Defaults live in {@code application.yaml}.
 *
 * @param serverAddress public base URL written into Bundle links and Location headers; empty = derived from the request
 * @param defaultPageSize search page size when the client gives no {@code _count}
 * @param maxPageSize upper bound for {@code _count}
 * @param reuseCachedSearchResultsMillis how long an identical search reuses the stored result set (0 = never)
 * @param maxRequestSize requests with a larger body are refused with 413
 * @param corsAllowedOrigins origins (patterns allowed) that browsers may call from; empty = CORS off
 * @param matchUrlCache cache conditional-create/update match URLs (large win for bundles that use them)
 * @param massIngestionMode skip some per-write bookkeeping; for bulk loading windows only
 * @param inlineResourceTextBelowSize store resource bodies up to this many characters inline (no LOB round-trip)
 * @param expungeEnabled allow {@code $expunge} (admin only once security is on)
 */
@ConfigurationProperties(prefix = "neurofhir.fhir")
public record FhirServerProperties(
    @DefaultValue("") String serverAddress,
    @DefaultValue("20") int defaultPageSize,
    @DefaultValue("500") int maxPageSize,
    @DefaultValue("60000") long reuseCachedSearchResultsMillis,
    @DefaultValue("50MB") DataSize maxRequestSize,
    @DefaultValue List<String> corsAllowedOrigins,
    @DefaultValue("true") boolean matchUrlCache,
    @DefaultValue("false") boolean massIngestionMode,
    @DefaultValue("4000") int inlineResourceTextBelowSize,
    @DefaultValue("true") boolean expungeEnabled) {}
