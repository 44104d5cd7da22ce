package org.neurofhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.dao.data.IResourceHistoryTableDao;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.model.entity.ResourceHistoryTable;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.query.spi.QueryInterpretationCache;
import org.hibernate.query.sqm.internal.QuerySqmImpl;
import org.hibernate.query.sqm.internal.SqmInterpretationsKey;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Pages are loaded with a statement whose plan Hibernate caches ({@link PageLoadWithCachedQueryPlan}). */
class PageLoadWithCachedQueryPlanTest extends ServerTestBase {

  private static final String HAPI_STATEMENT = "SELECT v FROM ResourceHistoryTable v JOIN FETCH v.myResourceTable t "
      + "WHERE t.myPid IN (:pids) AND t.myVersion = v.myResourceVersion";

  @Autowired IResourceHistoryTableDao historyDao;
  @Autowired PlatformTransactionManager transactions;
  @PersistenceContext EntityManager entityManager;

  @Test
  void returnsWhatHapisOwnStatementReturnsForEveryListLength() {
    List<JpaPid> pids = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      Patient patient = new Patient();
      patient.addName().setFamily(unique("Page"));
      pids.add(JpaPid.fromId(client.create().resource(patient).execute().getId().getIdPartAsLong()));
    }
    // a second version: only the current one is loaded
    Patient updated = client.read().resource(Patient.class).withId(pids.get(0).getId().toString()).execute();
    updated.getNameFirstRep().setFamily(unique("Updated"));
    client.update().resource(updated).execute();

    inTransaction(() -> {
      for (int n : new int[] {1, 2, 3, 4, 5, 8, 9}) {
        List<JpaPid> some = pids.subList(0, n);
        assertThat(versions(historyDao.findCurrentVersionsByResourcePidsAndFetchResourceTable(some)))
            .isEqualTo(versions(entityManager.createQuery(HAPI_STATEMENT, ResourceHistoryTable.class)
                .setParameter("pids", some).getResultList()))
            .hasSize(n);
      }
      assertThat(versions(historyDao.findCurrentVersionsByResourcePidsAndFetchResourceTable(pids.subList(0, 1))))
          .containsExactly(pids.get(0).getId() + "/2");
      assertThat(historyDao.findCurrentVersionsByResourcePidsAndFetchResourceTable(List.of())).isEmpty();
    });
  }

  @Test
  void planIsCachedWhereHapisListBoundStatementsIsNot() {
    String patientId = client.create().resource(new Patient()).execute().getId().getIdPart();
    JpaPid pid = JpaPid.fromId(Long.parseLong(patientId));
    QueryInterpretationCache plans =
        entityManager.getEntityManagerFactory().unwrap(SessionFactoryImplementor.class).getQueryEngine()
            .getInterpretationCache();
    inTransaction(() -> {
      historyDao.findCurrentVersionsByResourcePidsAndFetchResourceTable(List.of(pid, pid, pid));

      QuerySqmImpl<?> ours = entityManager
          .createQuery(PageLoadWithCachedQueryPlan.statement(4), ResourceHistoryTable.class)
          .unwrap(QuerySqmImpl.class);
      IntStream.range(0, 4).forEach(i -> ours.setParameter("p" + i, pid));
      var key = SqmInterpretationsKey.createInterpretationsKey(ours);
      assertThat(key).isNotNull();
      assertThat(plans.resolveSelectQueryPlan(key, () -> {
        throw new AssertionError("plan was not cached");
      })).isNotNull();

      QuerySqmImpl<?> hapis = entityManager.createQuery(HAPI_STATEMENT, ResourceHistoryTable.class)
          .unwrap(QuerySqmImpl.class);
      hapis.setParameter("pids", List.of(pid, pid));
      assertThat(SqmInterpretationsKey.createInterpretationsKey(hapis)).isNull();
    });
  }

  @Test
  void searchPagesAndIncludesComeBackWhole() {
    Patient patient = new Patient();
    patient.addName().setFamily(unique("Paged"));
    String patientId = client.create().resource(patient).execute().getId().toUnqualifiedVersionless().getValue();
    for (int i = 0; i < 7; i++) {
      Encounter encounter = new Encounter();
      encounter.setStatus(Encounter.EncounterStatus.FINISHED);
      encounter.setSubject(new Reference(patientId));
      client.create().resource(encounter).execute();
    }
    Bundle page = client.search().byUrl("Encounter?patient=" + patientId + "&_count=3&_include=Encounter:subject")
        .returnBundle(Bundle.class).execute();
    List<String> seen = new ArrayList<>();
    int included = 0;
    while (true) {
      for (Bundle.BundleEntryComponent entry : page.getEntry()) {
        if (entry.getResource() instanceof Encounter e) {
          assertThat(e.getSubject().getReference()).isEqualTo(patientId);
          seen.add(e.getIdElement().toUnqualifiedVersionless().getValue());
        } else {
          included++;
        }
      }
      if (page.getLink(Bundle.LINK_NEXT) == null) {
        break;
      }
      page = client.loadPage().next(page).execute();
    }
    assertThat(seen).hasSize(7).doesNotHaveDuplicates();
    assertThat(included).isEqualTo(3);
  }

  private void inTransaction(Runnable work) {
    new TransactionTemplate(transactions).executeWithoutResult(status -> work.run());
  }

  private static List<String> versions(List<ResourceHistoryTable> rows) {
    return rows.stream().map(r -> r.getResourceId().getId() + "/" + r.getVersion()).sorted().toList();
  }
}
