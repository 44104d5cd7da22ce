package org.neurofhir.server.audit;

import java.sql.Timestamp;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The durable queue of audit records ({@code nf_audit_outbox}): the request thread pays one small insert in its
 * own auto-committed statement; {@link AuditEventWriter} turns rows into AuditEvents and deletes them afterwards, so
 * a crash between the two repeats the write (AuditEvent ids derive from the row id) rather than losing it.
 */
@Repository
public class AuditOutbox {

  /** A queued row. */
  public record Entry(long id, AuditRecord record) {}

  private final JdbcClient jdbc;

  public AuditOutbox(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void add(AuditRecord r) {
    jdbc.sql("INSERT INTO nf_audit_outbox (recorded_at, kind, subtype, action, http_status, username, client_id,"
            + " entity, source_ip, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(Timestamp.from(r.recordedAt()), r.kind(), r.subtype(), r.action(), r.httpStatus(),
            cut(r.username(), 200), cut(r.clientId(), 200), cut(r.entity(), 300), cut(r.sourceIp(), 64),
            cut(r.detail(), 500))
        .update();
  }

  public List<Entry> oldest(int limit) {
    return jdbc.sql("SELECT * FROM nf_audit_outbox ORDER BY id LIMIT " + Math.max(1, limit))
        .query((rs, row) -> new Entry(
            rs.getLong("id"),
            new AuditRecord(
                rs.getTimestamp("recorded_at").toInstant(),
                rs.getString("kind"),
                rs.getString("subtype"),
                rs.getString("action"),
                rs.getInt("http_status"),
                rs.getString("username"),
                rs.getString("client_id"),
                rs.getString("entity"),
                rs.getString("source_ip"),
                rs.getString("detail"))))
        .list();
  }

  public void remove(List<Long> ids) {
    if (!ids.isEmpty()) {
      jdbc.sql("DELETE FROM nf_audit_outbox WHERE id IN (:ids)").param("ids", ids).update();
    }
  }

  public long size() {
    return jdbc.sql("SELECT COUNT(*) FROM nf_audit_outbox").query(Long.class).single();
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
