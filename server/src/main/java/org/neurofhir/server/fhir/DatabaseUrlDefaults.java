package org.neurofhir.server.fhir;

import java.util.Locale;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;

/**
 * Adds to the JDBC URL the driver settings that HAPI's write pattern (transactions of hundreds of rows in a few
 * tables) was measured to need, each only when the URL does not name its own value, so an operator's URL wins:
 *
 * <ul>
 *   <li>H2: {@code AUTO_COMPACT_FILL_RATE=50} (H2 default 90). H2's file store is copy-on-write; at 90 its background
 *       writer keeps re-reading and re-writing chunks that are still three-fifths full while HAPI is writing, pages
 *       that the next store rewrites anyway. At 50 it compacts once the writes pause and the file is less than half
 *       full: ingest server CPU -13 %, same file size after the load.
 *   <li>H2: {@code TRACE_LEVEL_FILE=0} (H2 default 1). At 1 H2 writes every exception any statement raised to a
 *       {@code <db>.trace.db} file beside the database, with its stack: HAPI's own probing statements fill it with
 *       errors that are none, and nobody reads it. The server's log says what failed; set {@code TRACE_LEVEL_FILE=1}
 *       (errors) or higher in the URL to get the file back when H2 itself is in question.
 *   <li>PostgreSQL: {@code reWriteBatchedInserts=true}. pgjdbc then sends each of Hibernate's batches of inserts as
 *       multi-row INSERTs instead of one statement per row: PostgreSQL CPU -13 %, ingest +5 %.
 * </ul>
 *
 * Figures: server/README.md "Performance".
 */
final class DatabaseUrlDefaults implements BeanPostProcessor {

  static final String H2_COMPACT_FILL_RATE = "AUTO_COMPACT_FILL_RATE=50";
  static final String H2_NO_TRACE_FILE = "TRACE_LEVEL_FILE=0";
  static final String POSTGRES_BATCHED_INSERTS = "reWriteBatchedInserts=true";

  static String apply(String url) {
    if (url == null) {
      return null;
    }
    if (url.startsWith("jdbc:h2:")) {
      for (String setting : new String[] {H2_COMPACT_FILL_RATE, H2_NO_TRACE_FILE}) {
        if (!names(url, setting)) {
          url = url + ";" + setting;
        }
      }
      return url;
    }
    if (url.startsWith("jdbc:postgresql:") && !names(url, POSTGRES_BATCHED_INSERTS)) {
      return url + (url.contains("?") ? "&" : "?") + POSTGRES_BATCHED_INSERTS;
    }
    return url;
  }

  private static boolean names(String url, String setting) {
    String key = setting.substring(0, setting.indexOf('=') + 1).toLowerCase(Locale.ROOT);
    return url.toLowerCase(Locale.ROOT).contains(key);
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean instanceof DataSourceProperties props) {
      props.setUrl(apply(props.getUrl()));
    }
    return bean;
  }
}
