package org.neurofhir.server.scheduling.calendar;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.neurofhir.server.security.SecretTokens;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Calendar feed tokens (Liquibase {@code db/changelog/scheduling.yaml}): a calendar client cannot send a bearer
 * token, so the secret is in the feed's URL. Only its SHA-256 is stored (a copy of the database opens no feed); it is
 * shown once, when made. A revoked feed answers 404 from then on.
 */
public class CalendarFeedStore {

  /** A feed as its owner sees it (never the token). */
  public record Feed(String id, String owner, String username, Instant createdAt, Instant revokedAt) {}

  /** A new feed and its token, which exists nowhere else. */
  public record NewFeed(Feed feed, String token) {}

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public CalendarFeedStore(DataSource dataSource, Clock clock) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.clock = clock;
  }

  public NewFeed create(String owner, String username) {
    String token = SecretTokens.newToken();
    String id = UUID.randomUUID().toString();
    Instant now = clock.instant();
    jdbc.update("insert into nf_calendar_feed (id, token_sha256, owner, username, created_at) values (?, ?, ?, ?, ?)",
        id, SecretTokens.sha256(token), owner, username, Timestamp.from(now));
    return new NewFeed(new Feed(id, owner, username, now, null), token);
  }

  /** Whose agenda this token opens ({@code Practitioner/1}, {@code Patient/2}); empty when unknown or revoked. */
  public Optional<String> ownerOf(String token) {
    if (!SecretTokens.wellFormed(token)) {
      return Optional.empty();
    }
    return jdbc.queryForList("select owner from nf_calendar_feed where token_sha256 = ? and revoked_at is null",
        String.class, SecretTokens.sha256(token)).stream().findFirst();
  }

  public List<Feed> of(String username) {
    return jdbc.query("select id, owner, username, created_at, revoked_at from nf_calendar_feed where username = ?"
            + " order by created_at",
        (rs, i) -> new Feed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
            rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()),
        username);
  }

  /** Revokes one of this user's feeds; false when they have none of that id. */
  public boolean revoke(String id, String username) {
    return jdbc.update("update nf_calendar_feed set revoked_at = ? where id = ? and username = ? and revoked_at is null",
        Timestamp.from(clock.instant()), id, username) == 1;
  }
}
