package org.neurofhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.neurofhir.server.support.TestDatabase.isPostgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/** The URL settings of {@link DatabaseUrlDefaults} are in force on the connections the server uses. */
class DatabaseUrlDefaultsReachTheDriverTest extends ServerTestBase {

  @Autowired DataSource dataSource;

  @Test
  void serverConnectionsRunWithTheDatabasesWriteSettings() throws Exception {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      if (isPostgres()) {
        // pgjdbc answers SUCCESS_NO_INFO for the rows it folded into multi-row INSERTs (in blocks of powers of two),
        // and a count of 1 per row when it sends one statement per row
        s.execute("CREATE TEMPORARY TABLE nf_batch_probe (n integer)");
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO nf_batch_probe (n) VALUES (?)")) {
          for (int i = 0; i < 4; i++) {
            insert.setInt(1, i);
            insert.addBatch();
          }
          assertThat(insert.executeBatch()).hasSize(4).containsOnly(Statement.SUCCESS_NO_INFO);
        }
        try (ResultSet rows = s.executeQuery("SELECT count(*) FROM nf_batch_probe")) {
          rows.next();
          assertThat(rows.getInt(1)).isEqualTo(4);
        } finally {
          s.execute("DROP TABLE nf_batch_probe");
        }
      } else {
        try (ResultSet rows = s.executeQuery(
            "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'AUTO_COMPACT_FILL_RATE'")) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString(1)).isEqualTo("50");
        }
      }
    }
  }
}
