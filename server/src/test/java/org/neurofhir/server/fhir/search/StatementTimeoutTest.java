package org.neurofhir.server.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/** Every query HAPI's persistence unit creates carries the request time limit, and the database enforces it. */
class StatementTimeoutTest extends ServerTestBase {

  @Autowired EntityManagerFactory entityManagerFactory;
  @Autowired DataSource dataSource;
  @Autowired RequestLimitsProperties limits;

  @Test
  void everyQueryCarriesTheConfiguredTimeout() {
    EntityManager em = entityManagerFactory.createEntityManager();
    try {
      var query = em.createNativeQuery("select 1").unwrap(org.hibernate.query.Query.class);
      assertThat(query.getTimeout()).isEqualTo((int) limits.timeLimit().toSeconds());
    } finally {
      em.close();
    }
  }

  @Test
  void aStatementPastItsTimeoutIsCancelledAndTheConnectionFreed() throws Exception {
    String slow;
    try (Connection c = dataSource.getConnection()) {
      slow = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")
          ? "select pg_sleep(30)"
          // ten billion row pairs: H2 checks for cancellation between rows
          : "select count(*) from system_range(1, 100000) a, system_range(1, 100000) b where a.x + b.x < 0";
    }
    EntityManager em = entityManagerFactory.createEntityManager();
    try {
      em.setProperty(StatementTimeout.HIBERNATE_PROPERTY, 1000); // the shortest JDBC allows: one second
      long start = System.nanoTime();
      Throwable thrown = catchThrowable(() -> em.createNativeQuery(slow).getSingleResult());
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(thrown).isNotNull();
      assertThat(RequestTimeLimit.isTimeout(thrown)).as(String.valueOf(thrown)).isTrue();
      assertThat(millis).isBetween(500L, 10_000L);
      assertThat(em.createNativeQuery("select 1").getSingleResult().toString()).isEqualTo("1");
    } finally {
      em.close();
    }
  }
}
