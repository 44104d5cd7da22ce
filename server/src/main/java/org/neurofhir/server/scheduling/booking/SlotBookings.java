package org.neurofhir.server.scheduling.booking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Seats of slots held by appointments (Liquibase {@code db/changelog/scheduling.yaml}). A slot of capacity n has seats
 * 0..n-1; an appointment takes the lowest free one by inserting its row, and the primary key (schedule, start, seat)
 * lets exactly one of two concurrent claims of a seat succeed, on any node. It runs on the connection of the storage
 * transaction that writes the Appointment, so a write that fails leaves no seat taken, and a move (release + claim)
 * is one commit.
 */
public class SlotBookings {

  /** A seat a stored appointment holds. */
  public record Seat(String scheduleId, Instant start, int seat, String appointmentId) {}

  /** Schedule and slot start: the key under which bookings are counted. */
  public record SlotKey(String scheduleId, Instant start) {}

  private final JdbcTemplate jdbc;
  private final NamedParameterJdbcTemplate named;

  public SlotBookings(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.named = new NamedParameterJdbcTemplate(jdbc);
  }

  public List<Seat> heldBy(String appointmentId) {
    return jdbc.query("select schedule_id, slot_start, seat, appointment_id from nf_slot_booking where appointment_id = ?",
        (rs, i) -> new Seat(rs.getString(1), Instant.ofEpochSecond(rs.getLong(2)), rs.getInt(3), rs.getString(4)),
        appointmentId);
  }

  public void release(String appointmentId) {
    jdbc.update("delete from nf_slot_booking where appointment_id = ?", appointmentId);
  }

  public void release(String appointmentId, SlotKey slot) {
    jdbc.update("delete from nf_slot_booking where appointment_id = ? and schedule_id = ? and slot_start = ?",
        appointmentId, slot.scheduleId(), slot.start().getEpochSecond());
  }

  /** Takes the lowest free seat of the slot; false when all {@code capacity} seats are taken (now or concurrently). */
  public boolean claim(String scheduleId, Instant start, int capacity, String appointmentId) {
    List<Integer> taken = jdbc.queryForList(
        "select seat from nf_slot_booking where schedule_id = ? and slot_start = ?", Integer.class, scheduleId,
        start.getEpochSecond());
    int seat = 0;
    while (taken.contains(seat)) {
      seat++;
    }
    if (seat >= capacity) {
      return false;
    }
    try {
      jdbc.update("insert into nf_slot_booking (schedule_id, slot_start, seat, appointment_id) values (?, ?, ?, ?)",
          scheduleId, start.getEpochSecond(), seat, appointmentId);
      return true;
    } catch (DataIntegrityViolationException | ConcurrencyFailureException takenMeanwhile) {
      // another transaction took this seat first (a duplicate key, or on H2 the row it is inserting right now);
      // on PostgreSQL this transaction is now aborted, so the caller answers 409 rather than trying the next seat
      return false;
    }
  }

  /** Seats taken per slot of these schedules with a start in [from, to). */
  public Map<SlotKey, Integer> countBooked(Collection<String> scheduleIds, Instant from, Instant to) {
    Map<SlotKey, Integer> counts = new HashMap<>();
    if (scheduleIds.isEmpty()) {
      return counts;
    }
    List<String> ids = new ArrayList<>(scheduleIds);
    named.query("select schedule_id, slot_start, count(*) from nf_slot_booking where schedule_id in (:ids)"
            + " and slot_start >= :from and slot_start < :to group by schedule_id, slot_start",
        new MapSqlParameterSource("ids", ids).addValue("from", from.getEpochSecond()).addValue("to", to.getEpochSecond()),
        rs -> {
          counts.put(new SlotKey(rs.getString(1), Instant.ofEpochSecond(rs.getLong(2))), rs.getInt(3));
        });
    return counts;
  }
}
