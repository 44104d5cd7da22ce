package org.neurofhir.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Access tokens revoked before they expire. A JWT is otherwise valid until {@code exp}; this lets the resource
 * server honour {@code /oauth2/revoke} at the cost of one hash lookup per request. Revocations are stored in
 * {@code nf_revoked_token} (as SHA-256, so the table holds no usable bearer token) and every node re-reads the
 * unexpired ones every {@code revocation-sync-interval}: a token revoked on one node is refused by the others
 * within that interval, and by a restarted node at once. Rows leave once the token would have expired anyway.
 */
public class RevokedTokens implements OAuth2TokenValidator<Jwt> {

  private static final Duration DEFAULT_LIFETIME = Duration.ofDays(1);

  private final JdbcClient jdbc;
  private final Clock clock;
  private final Duration syncInterval;
  private final AtomicBoolean syncing = new AtomicBoolean();
  private volatile Map<String, Instant> revoked = new ConcurrentHashMap<>();
  private volatile Instant syncedAt = Instant.MIN;

  public RevokedTokens(JdbcClient jdbc, Clock clock, Duration syncInterval) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.syncInterval = syncInterval;
  }

  public void revoke(String tokenValue, Instant expiresAt) {
    Instant until = expiresAt == null ? clock.instant().plus(DEFAULT_LIFETIME) : expiresAt;
    String hash = hash(tokenValue);
    revoked.put(hash, until);
    try {
      jdbc.sql("INSERT INTO nf_revoked_token (token_hash, expires_at) VALUES (?, ?)")
          .params(hash, Timestamp.from(until))
          .update();
    } catch (DuplicateKeyException e) {
      // revoked twice (the token, then its refresh token): the first row stands
    }
    jdbc.sql("DELETE FROM nf_revoked_token WHERE expires_at < ?").param(Timestamp.from(clock.instant())).update();
  }

  @Override
  public OAuth2TokenValidatorResult validate(Jwt jwt) {
    syncIfDue();
    return revoked.containsKey(hash(jwt.getTokenValue()))
        ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The token has been revoked", null))
        : OAuth2TokenValidatorResult.success();
  }

  /** Re-reads the table; one request thread does it while the others go on with the set they have. */
  void syncIfDue() {
    Instant now = clock.instant();
    if (now.isBefore(syncedAt.plus(syncInterval)) || !syncing.compareAndSet(false, true)) {
      return;
    }
    try {
      Map<String, Instant> fromDatabase = new ConcurrentHashMap<>();
      jdbc.sql("SELECT token_hash, expires_at FROM nf_revoked_token WHERE expires_at >= ?")
          .param(Timestamp.from(now))
          .query(rs -> {
            fromDatabase.put(rs.getString(1), rs.getTimestamp(2).toInstant());
          });
      // revocations made here since the query started are in the old map only; keep them
      revoked.forEach((hash, until) -> {
        if (!until.isBefore(now)) {
          fromDatabase.putIfAbsent(hash, until);
        }
      });
      revoked = fromDatabase;
      syncedAt = now;
    } finally {
      syncing.set(false);
    }
  }

  static String hash(String tokenValue) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(tokenValue.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
