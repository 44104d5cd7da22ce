package org.neurofhir.server.scheduling.reminder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The durable reminder schedule, {@code nf_reminder} (Liquibase {@code db/changelog/scheduling.yaml}): one row per
 * appointment, start and lead time. Rows are written in the storage transaction of the Appointment (so they change
 * with it or not at all) and taken by the nodes' pollers with a lease: the claim is one conditional UPDATE, which the
 * database lets only one transaction win, on H2 as on a PostgreSQL that several nodes share.
 */
public class ReminderSchedule {

  static final String DUE = "due";
  static final String SENT = "sent";
  static final String FAILED = "failed";

  /** A reminder an appointment should have: its start and how long before it. */
  public record Planned(Instant appointmentStart, Duration lead) {
    Instant dueAt() {
      return appointmentStart.minus(lead);
    }
  }

  /**
   * A due reminder this node holds until {@code leaseUntil}; {@code token} proves it still does.
   *
   * @param attempts tries including this one
   */
  public record Claim(String id, String appointmentId, Instant appointmentStart, Duration lead, int attempts,
      String token) {}

  private final JdbcTemplate jdbc;

  public ReminderSchedule(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
  }

  /**
   * Makes the pending reminders of the appointment exactly {@code wanted}: pending rows not wanted any more (cancelled,
   * moved) go; a wanted reminder already sent or given up for that start is not made again.
   */
  void replace(String appointmentId, Set<Planned> wanted) {
    List<Row> rows = jdbc.query("select id, appointment_start, lead_seconds, state from nf_reminder where appointment_id = ?",
        (rs, i) -> new Row(rs.getString(1), new Planned(Instant.ofEpochSecond(rs.getLong(2)),
            Duration.ofSeconds(rs.getLong(3))), rs.getString(4)), appointmentId);
    for (Row row : rows) {
      if (DUE.equals(row.state()) && !wanted.contains(row.planned())) {
        jdbc.update("delete from nf_reminder where id = ? and state = ?", row.id(), DUE);
      }
    }
    for (Planned p : wanted) {
      if (rows.stream().noneMatch(r -> r.planned().equals(p))) {
        jdbc.update("insert into nf_reminder (id, appointment_id, appointment_start, lead_seconds, due_at, state, attempts)"
                + " values (?, ?, ?, ?, ?, ?, 0)", UUID.randomUUID().toString(), appointmentId,
            p.appointmentStart().getEpochSecond(), p.lead().toSeconds(), p.dueAt().getEpochSecond(), DUE);
      }
    }
  }

  /**
   * Takes up to {@code limit} reminders due at {@code now} that no node holds (never taken, or its lease ran out:
   * the node died or hung), each for {@code lease}. Each UPDATE re-checks the row, so of nodes racing for it one
   * gets it; the others' UPDATE matches nothing.
   */
  List<Claim> claimDue(Instant now, Duration lease, String node, int limit) {
    long t = now.getEpochSecond();
    List<String> candidates = jdbc.queryForList("select id from nf_reminder where state = ? and due_at <= ?"
        + " and (lease_until is null or lease_until <= ?) order by due_at limit " + limit, String.class, DUE, t, t);
    List<Claim> claimed = new ArrayList<>();
    for (String id : candidates) {
      String token = UUID.randomUUID().toString();
      int won = jdbc.update("update nf_reminder set claimed_by = ?, claim_token = ?, lease_until = ?,"
              + " attempts = attempts + 1 where id = ? and state = ? and due_at <= ? and (lease_until is null or lease_until <= ?)",
          node, token, now.plus(lease).getEpochSecond(), id, DUE, t, t);
      if (won == 1) {
        held(id, token).ifPresent(claimed::add);
      }
    }
    return claimed;
  }

  private Optional<Claim> held(String id, String token) {
    return jdbc.query("select id, appointment_id, appointment_start, lead_seconds, attempts, claim_token from nf_reminder"
            + " where id = ? and claim_token = ?",
        (rs, i) -> new Claim(rs.getString(1), rs.getString(2), Instant.ofEpochSecond(rs.getLong(3)),
            Duration.ofSeconds(rs.getLong(4)), rs.getInt(5), rs.getString(6)), id, token).stream().findFirst();
  }

  /**
   * Sent (or given up: {@code state} failed), with its Communication; false when this node no longer held it (its
   * lease ran out and another node took it, or the appointment changed meanwhile).
   */
  boolean finish(Claim claim, String state, Optional<String> channel, String communicationId, Instant at) {
    return jdbc.update("update nf_reminder set state = ?, channel = ?, sent_at = ?, communication_id = ?, lease_until = null"
            + " where id = ? and claim_token = ?", state, channel.orElse(null), at.getEpochSecond(), communicationId,
        claim.id(), claim.token()) == 1;
  }

  /** Tried and failed for a reason that may pass: due again at {@code next}, for any node. */
  void retryAt(Claim claim, Instant next) {
    jdbc.update("update nf_reminder set due_at = ?, lease_until = null, claim_token = null where id = ? and claim_token = ?",
        next.getEpochSecond(), claim.id(), claim.token());
  }

  /** Nothing to remind any more (the appointment is gone or no longer booked for that time). */
  void drop(Claim claim) {
    jdbc.update("delete from nf_reminder where id = ? and claim_token = ?", claim.id(), claim.token());
  }

  /** Rows of appointments that started before {@code before} and will not be sent again. */
  int purgeFinished(Instant before) {
    return jdbc.update("delete from nf_reminder where state <> ? and appointment_start < ?", DUE, before.getEpochSecond());
  }

  private record Row(String id, Planned planned, String state) {}
}
