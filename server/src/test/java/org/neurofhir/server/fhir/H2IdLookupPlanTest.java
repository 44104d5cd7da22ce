package org.neurofhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.hibernate.cfg.AvailableSettings;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;
import org.neurofhir.server.support.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** On H2 (the PostgreSQL run checks the rewrite is off there), the plan of HAPI's several-ids lookup, as the server runs it: from an index, not a scan of every resource. */
class H2IdLookupPlanTest extends ServerTestBase {

  @Autowired DataSource dataSource;
  @Autowired EntityManagerFactory entityManagerFactory;

  private static final String HAPI_LOOKUP = "select rt1_0.res_id,rt1_0.res_type,rt1_0.fhir_id from hfj_resource rt1_0"
      + " where (rt1_0.res_type='Patient' and rt1_0.fhir_id='1' or rt1_0.res_type='Encounter' and rt1_0.fhir_id='2')";

  private static final String INDEX_LOOKUP = "/\\* PUBLIC\\.IDX_\\w+: [^*]*IN\\(";

  @Test
  void severalIdsAreLookedUpThroughAnIndex() {
    if (TestDatabase.isPostgres()) {
      // PostgreSQL plans the original with a bitmap OR over the same index: its SQL is sent as HAPI wrote it.
      assertThat(entityManagerFactory.getProperties()).doesNotContainKey(AvailableSettings.STATEMENT_INSPECTOR);
      return;
    }
    assertThat(entityManagerFactory.getProperties().get(AvailableSettings.STATEMENT_INSPECTOR))
        .hasToString(H2IdLookupRewrite.class.getName());
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);

    String original = jdbc.queryForObject("EXPLAIN " + HAPI_LOOKUP, String.class);
    String rewritten = jdbc.queryForObject(
        "EXPLAIN " + new H2IdLookupRewrite().inspect(HAPI_LOOKUP.replace("'Patient'", "?").replace("'1'", "?")
            .replace("'Encounter'", "?").replace("'2'", "?")).replace("(?,?),(?,?)", "('Patient','1'),('Encounter','2')"),
        String.class);

    // H2 writes an index lookup as "/* PUBLIC.INDEX: condition */"; a scan (of the table or a whole index) has none.
    assertThat(original).doesNotContainPattern(INDEX_LOOKUP);
    assertThat(rewritten).containsPattern(INDEX_LOOKUP);
  }
}
