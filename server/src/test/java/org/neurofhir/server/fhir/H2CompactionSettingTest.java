package org.neurofhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class H2CompactionSettingTest {

  @Test
  void addedToH2UrlsThatDoNotNameIt() {
    assertThat(H2CompactionSetting.apply("jdbc:h2:file:./data/neurofhir;DB_CLOSE_ON_EXIT=FALSE"))
        .isEqualTo("jdbc:h2:file:./data/neurofhir;DB_CLOSE_ON_EXIT=FALSE;AUTO_COMPACT_FILL_RATE=50");
  }

  @Test
  void urlNamingItsOwnValueKeepsIt() {
    String url = "jdbc:h2:file:/var/lib/neurofhir/db;auto_compact_fill_rate=80";
    assertThat(H2CompactionSetting.apply(url)).isEqualTo(url);
  }

  @Test
  void otherDatabasesUntouched() {
    String url = "jdbc:postgresql://db:5432/neurofhir";
    assertThat(H2CompactionSetting.apply(url)).isEqualTo(url);
    assertThat(H2CompactionSetting.apply(null)).isNull();
  }
}
