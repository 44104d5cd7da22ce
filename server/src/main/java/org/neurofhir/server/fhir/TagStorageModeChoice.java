package org.neurofhir.server.fhir;

import ca.uhn.fhir.jpa.model.entity.StorageSettings.TagStorageModeEnum;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tag storage mode a database is run with. INLINE (tags inside the stored resource) is the default for new
 * databases, but a database that already holds rows in HAPI's tag table was written in a table mode, and reading it
 * as INLINE would hide those tags from reads and searches: such a database keeps NON_VERSIONED.
 */
final class TagStorageModeChoice {

  private static final Logger log = LoggerFactory.getLogger(TagStorageModeChoice.class);

  private TagStorageModeChoice() {}

  static TagStorageModeEnum forDatabase(TagStorageModeEnum configured, DataSource dataSource) {
    if (configured != TagStorageModeEnum.INLINE || !hasTagRows(dataSource)) {
      return configured;
    }
    log.warn("tag-storage-mode INLINE is configured, but this database already keeps tags in HFJ_RES_TAG: "
        + "continuing with NON_VERSIONED so that existing tags stay visible");
    return TagStorageModeEnum.NON_VERSIONED;
  }

  private static boolean hasTagRows(DataSource dataSource) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet tables = c.getMetaData().getTables(null, null, null, new String[] {"TABLE"})) {
        boolean present = false;
        while (tables.next()) {
          present |= "hfj_res_tag".equalsIgnoreCase(tables.getString("TABLE_NAME"));
        }
        if (!present) {
          return false;
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT 1 FROM hfj_res_tag FETCH FIRST 1 ROWS ONLY")) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot inspect the database for stored tags: " + e.getMessage(), e);
    }
  }
}
