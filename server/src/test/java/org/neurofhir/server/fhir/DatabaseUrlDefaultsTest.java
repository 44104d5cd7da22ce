package org.neurofhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseUrlDefaultsTest {

  @Test
  void h2UrlGetsTheCompactionThresholdAndNoTraceFile() {
    assertThat(DatabaseUrlDefaults.apply("jdbc:h2:file:./data/neurofhir;DB_CLOSE_ON_EXIT=FALSE"))
        .isEqualTo("jdbc:h2:file:./data/neurofhir;DB_CLOSE_ON_EXIT=FALSE;AUTO_COMPACT_FILL_RATE=50;TRACE_LEVEL_FILE=0");
  }

  @Test
  void postgresUrlGetsBatchedInserts() {
    assertThat(DatabaseUrlDefaults.apply("jdbc:postgresql://db:5432/neurofhir"))
        .isEqualTo("jdbc:postgresql://db:5432/neurofhir?reWriteBatchedInserts=true");
    assertThat(DatabaseUrlDefaults.apply("jdbc:postgresql://db:5432/neurofhir?sslmode=require"))
        .isEqualTo("jdbc:postgresql://db:5432/neurofhir?sslmode=require&reWriteBatchedInserts=true");
  }

  @Test
  void urlNamingItsOwnValueKeepsIt() {
    String h2 = "jdbc:h2:file:/var/lib/neurofhir/db;auto_compact_fill_rate=80;TRACE_LEVEL_FILE=1";
    assertThat(DatabaseUrlDefaults.apply(h2)).isEqualTo(h2);
    assertThat(DatabaseUrlDefaults.apply("jdbc:h2:file:/var/lib/neurofhir/db;trace_level_file=2"))
        .isEqualTo("jdbc:h2:file:/var/lib/neurofhir/db;trace_level_file=2;AUTO_COMPACT_FILL_RATE=50");
    String pg = "jdbc:postgresql://db:5432/neurofhir?reWriteBatchedInserts=false";
    assertThat(DatabaseUrlDefaults.apply(pg)).isEqualTo(pg);
  }

  @Test
  void otherUrlsUntouched() {
    String url = "jdbc:mariadb://db:3306/neurofhir";
    assertThat(DatabaseUrlDefaults.apply(url)).isEqualTo(url);
    assertThat(DatabaseUrlDefaults.apply(null)).isNull();
  }
}
