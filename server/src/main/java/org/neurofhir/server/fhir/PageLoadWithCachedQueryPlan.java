package org.neurofhir.server.fhir;

import ca.uhn.fhir.jpa.dao.data.IResourceHistoryTableDao;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.model.entity.ResourceHistoryTable;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.orm.jpa.SharedEntityManagerCreator;

/**
 * Loads a page of search results with a query whose SQL translation Hibernate keeps.
 *
 * <p>Why: HAPI loads every page of results (and every {@code _include}) with
 * {@code IResourceHistoryTableDao.findCurrentVersionsByResourcePidsAndFetchResourceTable(pids)}, a query with one
 * list parameter ({@code IN (:pids)}). Hibernate 6.6 does not cache the plan of a query bound to a list
 * ({@code SqmInterpretationsKey}: "multi-valued parameter bindings"), so it translated the statement to SQL again on
 * every page: 6-8 % of the request thread of a patient-level search (JFR, server/README.md "Performance"). The same
 * statement written with one parameter per id, {@code IN (:p0, :p1, ...)}, is cached like any other; the number of
 * parameters is rounded up to a power of two (the last id repeated, which {@code IN} ignores) so that a handful of
 * statements cover every page size.
 *
 * <p>The repository bean is wrapped, not replaced: every other method goes to HAPI's repository unchanged, and this
 * one returns the same entities from the same HQL (the page's current versions with their resource rows).
 */
public class PageLoadWithCachedQueryPlan implements BeanPostProcessor {

  static final String METHOD = "findCurrentVersionsByResourcePidsAndFetchResourceTable";

  private final ObjectProvider<EntityManagerFactory> entityManagerFactory;
  private final ConcurrentHashMap<Integer, String> statements = new ConcurrentHashMap<>();
  private volatile EntityManager entityManager;

  public PageLoadWithCachedQueryPlan(ObjectProvider<EntityManagerFactory> entityManagerFactory) {
    this.entityManagerFactory = entityManagerFactory;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof IResourceHistoryTableDao)) {
      return bean;
    }
    ProxyFactory proxy = new ProxyFactory(bean);
    proxy.addAdvice((MethodInterceptor) invocation -> {
      Object[] args = invocation.getArguments();
      if (METHOD.equals(invocation.getMethod().getName()) && args.length == 1 && args[0] instanceof List<?> pids) {
        return currentVersions(pids);
      }
      return invocation.proceed();
    });
    return proxy.getProxy(bean.getClass().getClassLoader());
  }

  List<ResourceHistoryTable> currentVersions(List<?> pids) {
    if (pids.isEmpty()) {
      return new ArrayList<>();
    }
    // HAPI hands over at most SearchConstants.MAX_PAGE_SIZE ids at a time: at most 11 statements (1 to 1,024).
    int slots = Math.max(1, Integer.highestOneBit(pids.size() - 1) << 1);
    TypedQuery<ResourceHistoryTable> query =
        entityManager().createQuery(statements.computeIfAbsent(slots, PageLoadWithCachedQueryPlan::statement),
            ResourceHistoryTable.class);
    for (int i = 0; i < slots; i++) {
      query.setParameter("p" + i, (JpaPid) pids.get(Math.min(i, pids.size() - 1)));
    }
    return query.getResultList();
  }

  static String statement(int slots) {
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < slots; i++) {
      in.append(i == 0 ? ":p" : ", :p").append(i);
    }
    // The repository method's HQL, with the list parameter spelled out.
    return "SELECT v FROM ResourceHistoryTable v JOIN FETCH v.myResourceTable t WHERE t.myPid IN (" + in
        + ") AND t.myVersion = v.myResourceVersion";
  }

  private EntityManager entityManager() {
    EntityManager em = entityManager;
    if (em == null) {
      em = SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory.getObject());
      entityManager = em;
    }
    return em;
  }
}
