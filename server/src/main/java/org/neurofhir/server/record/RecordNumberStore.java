package org.neurofhir.server.record;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.incrementer.DataFieldMaxValueIncrementer;
import org.springframework.jdbc.support.incrementer.H2SequenceMaxValueIncrementer;
import org.springframework.jdbc.support.incrementer.PostgresSequenceMaxValueIncrementer;

/**
 * Record numbers in the database (Liquibase {@code db/changelog/record.yaml}): a sequence hands out the next number
 * on any node, and every number ever given to a patient is a row under a primary key, so two patients can never
 * hold the same one, even when two nodes register them at the same instant. Both run on the connection of the
 * storage transaction that writes the Patient: a write that fails releases its number (the sequence leaves a gap).
 */
class RecordNumberStore {

  private static final String SEQUENCE = "nf_mrn_seq";

  private final JdbcTemplate jdbc;
  private final DataFieldMaxValueIncrementer sequence;

  RecordNumberStore(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.sequence = postgres(dataSource)
        ? new PostgresSequenceMaxValueIncrementer(dataSource, SEQUENCE)
        : new H2SequenceMaxValueIncrementer(dataSource, SEQUENCE);
  }

  long next() {
    return sequence.nextLongValue();
  }

  boolean taken(String mrn) {
    Integer n = jdbc.queryForObject("select count(*) from nf_patient_mrn where mrn = ?", Integer.class, mrn);
    return n != null && n > 0;
  }

  /** Records {@code mrn} as taken; false when it already was. */
  boolean reserve(String mrn) {
    try {
      jdbc.update("insert into nf_patient_mrn (mrn, reserved_at) values (?, ?)", mrn, java.sql.Timestamp.from(Instant.now()));
      return true;
    } catch (DataIntegrityViolationException | ConcurrencyFailureException taken) {
      // a duplicate key, or (H2) the row another open transaction is inserting right now
      return false;
    }
  }

  private static boolean postgres(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      return c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot tell which database holds the record numbers", e);
    }
  }
}
