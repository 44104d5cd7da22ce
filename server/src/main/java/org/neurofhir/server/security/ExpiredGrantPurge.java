package org.neurofhir.server.security;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deletes grants from {@code oauth2_authorization} once every token in them has expired. Spring Authorization
 * Server never does: each client_credentials token is one row, so a PACS bridge asking every ten minutes adds
 * 50,000 rows a year. Run at most every {@link #INTERVAL} from a grant save on whichever node, so no scheduler
 * and no coordination are needed (concurrent purges delete the same rows, harmlessly).
 */
final class ExpiredGrantPurge {

  private static final Logger log = LoggerFactory.getLogger(ExpiredGrantPurge.class);
  static final Duration INTERVAL = Duration.ofMinutes(10);
  /** Expired grants stay a little, so a token that just expired is still reported inactive, not unknown. */
  private static final Duration GRACE = Duration.ofHours(1);

  private final JdbcClient jdbc;
  private final Clock clock;
  private final AtomicReference<Instant> lastRun = new AtomicReference<>(Instant.MIN);

  ExpiredGrantPurge(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  void runIfDue() {
    Instant now = clock.instant();
    Instant last = lastRun.get();
    if (now.isBefore(last.plus(INTERVAL)) || !lastRun.compareAndSet(last, now)) {
      return;
    }
    try {
      int deleted = purgeExpiredBefore(now.minus(GRACE));
      if (deleted > 0) {
        log.debug("Deleted {} expired OAuth2 grants", deleted);
      }
    } catch (RuntimeException e) {
      // the grant being saved is unaffected; the next run tries again
      log.warn("Purging expired OAuth2 grants failed: {}", e.getMessage());
    }
  }

  /**
   * Grants none of whose tokens is valid at {@code before}. A grant with no token yet (an authorization request
   * waiting for the user's login) is kept.
   */
  int purgeExpiredBefore(Instant before) {
    Timestamp t = Timestamp.from(before);
    return jdbc.sql("""
            DELETE FROM oauth2_authorization
            WHERE COALESCE(access_token_expires_at, refresh_token_expires_at, authorization_code_expires_at,
                           oidc_id_token_expires_at, device_code_expires_at, user_code_expires_at) IS NOT NULL
              AND (access_token_expires_at IS NULL OR access_token_expires_at < :t)
              AND (refresh_token_expires_at IS NULL OR refresh_token_expires_at < :t)
              AND (authorization_code_expires_at IS NULL OR authorization_code_expires_at < :t)
              AND (oidc_id_token_expires_at IS NULL OR oidc_id_token_expires_at < :t)
              AND (device_code_expires_at IS NULL OR device_code_expires_at < :t)
              AND (user_code_expires_at IS NULL OR user_code_expires_at < :t)""")
        .param("t", t)
        .update();
  }
}
