package org.neurofhir.server.support;

import java.nio.file.Path;
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
 * Each run gets a fresh database so runs never see each other's data.
 */
public final class TestDatabase {

  public static final String PROPERTY = "neurofhir.test.database";
  private static Map<String, String> properties;
  /** URL, user and password of the server the PostgreSQL run's databases are created on. */
  private static String[] postgresAdmin;

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

  /**
   * Datasource properties of a database of the selected kind that no other process uses, for a server started in a
   * process of its own: an H2 file database under {@code dir} (it survives that process being killed), or a fresh
   * PostgreSQL database dropped when this JVM exits.
   */
  public static synchronized Map<String, String> separateDatabase(Path dir) {
    if (!isPostgres()) {
      return Map.of(
          "spring.datasource.url", "jdbc:h2:file:" + dir.resolve("neurofhir").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE",
          "spring.datasource.username", "sa",
          "spring.datasource.password", "");
    }
    if (properties().isEmpty()) {
      throw new IllegalStateException("no PostgreSQL for this run");
    }
    return newPostgresDatabase(postgresAdmin[0], postgresAdmin[1], postgresAdmin[2]);
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
    postgresAdmin = new String[] {url, user, password};
    return newPostgresDatabase(url, user, password);
  }

  private static Map<String, String> newPostgresDatabase(String url, String user, String password) {
    // A database of its own per run, dropped when the JVM exits. Not a schema: Hibernate's schema update looks
    // up existing sequences in every schema of the database, so HAPI tables in a second schema of the same
    // database make it skip creating this run's sequences.
    String database = "nf_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    } catch (Exception e) {
      throw new IllegalStateException("PostgreSQL at " + url + " cannot be reached: " + e.getMessage(), e);
    }
    String adminUrl = url;
    String adminUser = user;
    String adminPassword = password;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> dropDatabase(adminUrl, adminUser, adminPassword, database)));
    return Map.of(
        "spring.datasource.url", withDatabase(url, database),
        "spring.datasource.username", user,
        "spring.datasource.password", password);
  }

  /** {@code jdbc:postgresql://host:port/db?params} with another database name. */
  static String withDatabase(String jdbcUrl, String database) {
    int slash = jdbcUrl.indexOf('/', "jdbc:postgresql://".length());
    int query = jdbcUrl.indexOf('?', slash);
    return jdbcUrl.substring(0, slash + 1) + database + (query < 0 ? "" : jdbcUrl.substring(query));
  }

  private static void dropDatabase(String url, String user, String password, String database) {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      // shutdown hooks run side by side: give Spring's (closing the application's pool) up to 20 s before the
      // drop cuts its connections, or HAPI's scheduled jobs keep failing on a database that is gone
      long until = System.nanoTime() + 20_000_000_000L;
      while (System.nanoTime() < until && connectionsTo(s, database) > 0) {
        Thread.sleep(200);
      }
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    } catch (Exception e) {
      System.err.println("could not drop test database " + database + ": " + e.getMessage());
    }
  }

  private static int connectionsTo(Statement s, String database) throws java.sql.SQLException {
    try (var rs = s.executeQuery("select count(*) from pg_stat_activity where datname = '" + database + "'")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }
}
