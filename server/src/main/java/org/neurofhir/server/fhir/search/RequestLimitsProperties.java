package org.neurofhir.server.fhir.search;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What one FHIR request may cost. Defaults live in {@code application.yaml}.
 *
 * @param timeLimit longest time one request may work: every database statement is cancelled after it
 *     ({@code jakarta.persistence.query.timeout}, honoured by the H2 and PostgreSQL drivers), and a search still
 *     working past it is stopped between its steps ({@link RequestTimeLimit}); both answer 503
 * @param maxOffset largest {@code _offset} of a search: the database reads and skips that many rows for each page
 */
@ConfigurationProperties(prefix = "neurofhir.fhir.request-limits")
public record RequestLimitsProperties(
    @DefaultValue("30s") Duration timeLimit,
    @DefaultValue("100000") int maxOffset) {

  public static final String PREFIX = "neurofhir.fhir.request-limits";
}
