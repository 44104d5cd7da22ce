package org.neurofhir.server.security.launch;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.neurofhir.server.security.SecretTokens;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * Launch ids of SMART EHR launches (Liquibase {@code nf_launch_context}): made by {@code $smart-launch}, checked when
 * the app asks to authorize, spent when its code is exchanged for the first token. The id is a bearer secret in the
 * app's URL, so only its SHA-256 is stored, and it lives minutes: long enough to sign in.
 */
public class LaunchContexts {

  /** A new launch id (exists nowhere else) and until when it can be used. */
  public record NewLaunch(String launch, Instant expiresAt) {}

  private static final RowMapper<LaunchContext> ROW = (rs, i) -> new LaunchContext(rs.getString(1),
      Optional.ofNullable(rs.getString(2)), Optional.ofNullable(rs.getString(3)));

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final Duration ttl;

  public LaunchContexts(DataSource dataSource, Clock clock, Duration ttl) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.clock = clock;
    this.ttl = ttl;
  }

  public NewLaunch create(LaunchContext context, String createdBy) {
    Instant now = clock.instant();
    // spent and expired launches are kept a day (who opened what, for support), then go
    jdbc.update("delete from nf_launch_context where expires_at < ?", Timestamp.from(now.minus(Duration.ofDays(1))));
    String launch = SecretTokens.newToken();
    Instant expires = now.plus(ttl);
    jdbc.update("insert into nf_launch_context (launch_sha256, patient_id, encounter_id, client_id, created_by,"
            + " created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?)",
        SecretTokens.sha256(launch), context.patientId(), context.encounterId().orElse(null),
        context.clientId().orElse(null), createdBy, Timestamp.from(now), Timestamp.from(expires));
    return new NewLaunch(launch, expires);
  }

  /** The context this launch id opens for this client, while it is unspent and unexpired; else empty. */
  public Optional<LaunchContext> usable(String launch, String clientId) {
    if (!SecretTokens.wellFormed(launch)) {
      return Optional.empty();
    }
    List<LaunchContext> found = jdbc.query("select patient_id, encounter_id, client_id from nf_launch_context"
            + " where launch_sha256 = ? and used_at is null and expires_at > ?",
        ROW, SecretTokens.sha256(launch), Timestamp.from(clock.instant()));
    return found.stream().filter(c -> c.clientId().map(clientId::equals).orElse(true)).findFirst();
  }

  /**
   * Spends the launch id for this client: the context once, empty for every later (or concurrent) attempt, an
   * expired or unknown id, or a launch made for another client.
   */
  public Optional<LaunchContext> spend(String launch, String clientId) {
    Optional<LaunchContext> context = usable(launch, clientId);
    if (context.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    int spent = jdbc.update("update nf_launch_context set used_at = ? where launch_sha256 = ? and used_at is null"
        + " and expires_at > ?", Timestamp.from(now), SecretTokens.sha256(launch), Timestamp.from(now));
    return spent == 1 ? context : Optional.empty();
  }
}
