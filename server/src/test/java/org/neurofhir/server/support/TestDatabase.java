package org.neurofhir.server.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * Which database a test run uses. The same suite runs twice (see server/pom.xml): once on an in-memory H2
 * and once on PostgreSQL, chosen by the system property {@code neurofhir.test.database}.
 *
 * <p>PostgreSQL comes from {@code TEST_POSTGRES_URL} (a JDBC URL; user/password may be in the URL or in
 * {@code TEST_POSTGRES_USER}/{@code TEST_POSTGRES_PASSWORD}); without it, Testcontainers is used when a Docker
 * engine answers; otherwise the PostgreSQL run reports its tests as skipped and {@code .ci/run} fails on that.
 * Each run gets a fresh schema so runs never see each other's data.
 */
public final class TestDatabase {

  public static final String PROPERTY = "neurofhir.test.database";
  private static Map<String, String> properties;

  private TestDatabase() {}

  public static boolean isPostgres() {
    return "postgresql".equalsIgnoreCase(System.getProperty(PROPERTY, "h2"));
  }

  /** Whether the selected database can be reached; tests are skipped otherwise. */
  public static synchronized boolean available() {
    try {
      return !properties().isEmpty();
    } catch (IllegalStateException e) {
      return false;
    }
  }

  public static synchronized Map<String, String> properties() {
    if (properties == null) {
      properties = isPostgres() ? postgresProperties() : h2Properties();
    }
    return properties;
  }

  private static Map<String, String> h2Properties() {
    return Map.of(
        "spring.datasource.url", "jdbc:h2:mem:neurofhir-test;DB_CLOSE_DELAY=-1",
        "spring.datasource.username", "sa",
        "spring.datasource.password", "");
  }

  private static Map<String, String> postgresProperties() {
    String url = System.getenv("TEST_POSTGRES_URL");
    String user = System.getenv().getOrDefault("TEST_POSTGRES_USER", "postgres");
    String password = System.getenv().getOrDefault("TEST_POSTGRES_PASSWORD", "");
    if (url == null || url.isBlank()) {
      PostgresContainerSupport.Started started = PostgresContainerSupport.startIfDockerAvailable();
      if (started == null) {
        return Map.of();
      }
      url = started.jdbcUrl();
      user = started.user();
      password = started.password();
    }
    String schema = "nf_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (Exception e) {
      throw new IllegalStateException("PostgreSQL at " + url + " cannot be reached: " + e.getMessage(), e);
    }
    String separator = url.contains("?") ? "&" : "?";
    return Map.of(
        "spring.datasource.url", url + separator + "currentSchema=" + schema,
        "spring.datasource.username", user,
        "spring.datasource.password", password);
  }
}
