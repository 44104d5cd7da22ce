package org.neurofhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.model.entity.StorageSettings.TagStorageModeEnum;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class TagStorageModeChoiceTest {

  private final JdbcDataSource db = new JdbcDataSource();

  TagStorageModeChoiceTest() {
    db.setURL("jdbc:h2:mem:tags-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  @Test
  void newDatabaseGetsInline() {
    assertThat(TagStorageModeChoice.forDatabase(TagStorageModeEnum.INLINE, db)).isEqualTo(TagStorageModeEnum.INLINE);
    new JdbcTemplate(db).execute("CREATE TABLE hfj_res_tag (res_id BIGINT)");
    assertThat(TagStorageModeChoice.forDatabase(TagStorageModeEnum.INLINE, db)).isEqualTo(TagStorageModeEnum.INLINE);
  }

  @Test
  void databaseWithTagRowsKeepsItsTableMode() {
    JdbcTemplate jdbc = new JdbcTemplate(db);
    jdbc.execute("CREATE TABLE hfj_res_tag (res_id BIGINT)");
    jdbc.update("INSERT INTO hfj_res_tag VALUES (1)");
    assertThat(TagStorageModeChoice.forDatabase(TagStorageModeEnum.INLINE, db))
        .isEqualTo(TagStorageModeEnum.NON_VERSIONED);
    assertThat(TagStorageModeChoice.forDatabase(TagStorageModeEnum.VERSIONED, db))
        .isEqualTo(TagStorageModeEnum.VERSIONED);
  }
}
