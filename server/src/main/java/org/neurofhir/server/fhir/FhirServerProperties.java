package org.neurofhir.server.fhir;

import ca.uhn.fhir.jpa.model.entity.StorageSettings;
import java.time.Duration;
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
 * @param paging how searches are paged: OFFSET (default) runs each page as its own query and stores nothing
 *     ({@link OffsetPagingInterceptor}); STORED is HAPI's default, a result set stored per search and paged from
 *     ({@code _getpages} links: a snapshot, at the price of writes on every search)
 * @param reuseCachedSearchResultsMillis how long an identical search reuses the stored result set (0 = never, the
 *     default: HAPI does not invalidate a reused result set when matching resources are written, so a repeated search
 *     would miss a result written meanwhile; see server/README.md "Performance")
 * @param maxRequestSize requests with a larger body are refused with 413
 * @param requestBodyMemory heap that request bodies being parsed and stored may take together; more wait
 *     ({@link org.neurofhir.server.web.RequestBodyMemoryBudget}); 0 = half of the JVM's maximum heap
 * @param requestBodyMemoryFactor heap a body takes per byte of its size while it is parsed and stored (measured)
 * @param requestBodyWait how long a body waits for room before it is refused with 503 and Retry-After
 * @param maxTransactionEntries transaction/batch bundles with more entries are refused with 413 (0 = no limit): a
 *     transaction is held in memory whole until it commits, about 60 KB of heap per entry for Synthea-like records
 *     (measured, server/README.md "Performance"), so the limit keeps one request from exhausting the heap
 * @param transactionEntryBudget entries of transaction/batch bundles this node works on at once (0 = no bound): a
 *     bundle that does not fit waits for earlier ones ({@link TransactionEntryBudget}), so concurrent clients cannot
 *     together exhaust the heap; size it with {@code -Xmx} (server/README.md "Sizing")
 * @param transactionWait how long a bundle waits for room before it is refused with 503 and Retry-After
 * @param corsAllowedOrigins origins (patterns allowed) that browsers may call from; empty = CORS off
 * @param matchUrlCache cache conditional-create/update match URLs (large win for bundles that use them)
 * @param massIngestionMode skip some per-write bookkeeping; for bulk loading windows only
 * @param inlineResourceTextBelowSize store resource bodies up to this many characters inline (no LOB round-trip)
 * @param expungeEnabled allow {@code $expunge} (admin only once security is on)
 * @param tagStorageMode where meta.tag/profile/security live: VERSIONED (HAPI's default, tag tables per version),
 *     NON_VERSIONED (tag table, current version only) or INLINE (inside the stored resource, searched as indexes);
 *     for a new database (the default, INLINE, measured fastest); a database already holding tag rows keeps
 *     NON_VERSIONED whatever is configured ({@link TagStorageModeChoice}), since other modes would hide those tags
 * @param indexStorageOptimized write only the hashes of search-index rows, not the redundant name/type/date
 *     columns (searches use the hashes); decide before loading data: switching a populated database needs a
 *     full {@code $reindex}
 * @param publisher who publishes this server's CapabilityStatement (the clinic or hospital running it)
 */
@ConfigurationProperties(prefix = "neurofhir.fhir")
public record FhirServerProperties(
    @DefaultValue("") String serverAddress,
    @DefaultValue("20") int defaultPageSize,
    @DefaultValue("500") int maxPageSize,
    @DefaultValue("OFFSET") Paging paging,
    @DefaultValue("0") long reuseCachedSearchResultsMillis,
    @DefaultValue("50MB") DataSize maxRequestSize,
    @DefaultValue("0") DataSize requestBodyMemory,
    @DefaultValue("10") double requestBodyMemoryFactor,
    @DefaultValue("60s") Duration requestBodyWait,
    @DefaultValue("1000") int maxTransactionEntries,
    @DefaultValue("2000") int transactionEntryBudget,
    @DefaultValue("5m") Duration transactionWait,
    @DefaultValue List<String> corsAllowedOrigins,
    @DefaultValue("true") boolean matchUrlCache,
    @DefaultValue("false") boolean massIngestionMode,
    @DefaultValue("4000") int inlineResourceTextBelowSize,
    @DefaultValue("true") boolean expungeEnabled,
    @DefaultValue("INLINE") StorageSettings.TagStorageModeEnum tagStorageMode,
    @DefaultValue("true") boolean indexStorageOptimized,
    @DefaultValue("NeuroFHIR") String publisher) {

  /** {@code requestBodyMemory} in bytes, its default resolved against this JVM's heap. */
  public long requestBodyMemoryBytes() {
    return requestBodyMemory.toBytes() > 0 ? requestBodyMemory.toBytes() : Runtime.getRuntime().maxMemory() / 2;
  }

  /** See {@code paging} above. */
  public enum Paging {
    OFFSET,
    STORED
  }
}
