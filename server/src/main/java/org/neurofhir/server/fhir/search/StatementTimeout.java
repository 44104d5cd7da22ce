package org.neurofhir.server.fhir.search;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The database side of the request time limit: Hibernate gives every query it creates this timeout
 * ({@code jakarta.persistence.query.timeout}, milliseconds), and the JDBC driver cancels the statement when it
 * expires (H2 checks between rows, PostgreSQL's driver sends a cancel request), so no statement holds a connection
 * longer than one request may take.
 */
public final class StatementTimeout {

  public static final String HIBERNATE_PROPERTY = "jakarta.persistence.query.timeout";
  private static final Duration DEFAULT = Duration.ofSeconds(30);

  private StatementTimeout() {}

  /** Milliseconds, from {@code neurofhir.fhir.request-limits.time-limit}; read before the properties are bound. */
  public static String millis(Environment env) {
    Duration limit = Binder.get(env)
        .bind(RequestLimitsProperties.PREFIX + ".time-limit", Duration.class)
        .orElse(DEFAULT);
    // JDBC timeouts are whole seconds: round up, so that a limit under one second still means one
    return Long.toString(Math.max(1, (limit.toMillis() + 999) / 1000) * 1000);
  }
}
