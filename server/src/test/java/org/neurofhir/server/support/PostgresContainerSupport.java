package org.neurofhir.server.support;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Starts a throw-away PostgreSQL with Testcontainers, only where a Docker engine answers. */
final class PostgresContainerSupport {

  record Started(String jdbcUrl, String user, String password) {}

  private PostgresContainerSupport() {}

  static Started startIfDockerAvailable() {
    boolean docker;
    try {
      docker = DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable t) {
      docker = false;
    }
    if (!docker) {
      return null;
    }
    PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
    container.start();
    return new Started(container.getJdbcUrl(), container.getUsername(), container.getPassword());
  }
}
