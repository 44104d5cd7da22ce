package org.neurofhir.dicom.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.neurofhir.dicom.toolkit.InstanceHeader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** Our changelog and SQL on H2 2.x and, where one runs locally, PostgreSQL. */
class InstanceIndexOnDatabasesTest {

  @Test
  void worksOnH2() throws Exception {
    exercise(new SimpleDriverDataSource(new org.h2.Driver(), "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"), null);
  }

  @Test
  void worksOnPostgres() throws Exception {
    Assumptions.assumeTrue(reachable("127.0.0.1", 5432), "no PostgreSQL on 127.0.0.1:5432");
    DataSource ds = new SimpleDriverDataSource(new org.postgresql.Driver(), "jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
    String schema = "dcm_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    JdbcTemplate jdbc = new JdbcTemplate(ds);
    jdbc.execute("create schema " + schema);
    try {
      exercise(new SimpleDriverDataSource(new org.postgresql.Driver(),
          "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema, "postgres", ""), schema);
    } finally {
      jdbc.execute("drop schema " + schema + " cascade");
    }
  }

  private static void exercise(DataSource ds, String schema) throws Exception {
    SpringLiquibase liquibase = new SpringLiquibase();
    liquibase.setDataSource(ds);
    liquibase.setChangeLog("classpath:db/changelog/dicom-gateway.yaml");
    if (schema != null) liquibase.setDefaultSchema(schema);
    liquibase.afterPropertiesSet();
    InstanceIndex index = new InstanceIndex(new JdbcTemplate(ds));

    index.upsert(row("1.2.3.1", 1, "T1", Instant.parse("2026-11-02T09:30:00Z")));
    index.upsert(row("1.2.3.2", 2, "T1", Instant.parse("2026-11-02T09:30:01Z")));
    index.upsert(row("1.2.3.1", 1, "T1 resent", Instant.parse("2026-11-02T10:00:00Z")));

    assertThat(index.count()).isEqualTo(2);
    assertThat(index.countBySeries("1.2.3")).isEqualTo(2);
    assertThat(index.findByStudy("1.2")).extracting(IndexedInstance::sopInstanceUid).containsExactly("1.2.3.1", "1.2.3.2");
    IndexedInstance resent = index.findBySopInstanceUid("1.2.3.1").orElseThrow();
    assertThat(resent.header().seriesDescription()).isEqualTo("T1 resent");
    assertThat(resent.receivedAt()).isEqualTo(Instant.parse("2026-11-02T10:00:00Z"));
    assertThat(resent.header().seriesNumber()).isEqualTo(7);
  }

  private static IndexedInstance row(String sop, int number, String description, Instant at) {
    InstanceHeader h = new InstanceHeader("1.2.840.10008.5.1.4.1.1.4", sop, "1.2", "1.2.3", "P1", null, "Doe^J", "19700101",
        "F", "20261102", "093000", "brain", "A1", null, "MR", 7, description, description, "BRAIN", number);
    return new IndexedInstance(h, "1.2/1.2.3/" + sop + ".dcm", 1234, "1.2.840.10008.1.2.1", "SCU", at);
  }

  private static boolean reachable(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 300);
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
