package org.neurofhir.server.fhir;

import ca.uhn.fhir.jpa.term.TermReadSvcImpl;
import org.springframework.beans.factory.InitializingBean;

/**
 * HAPI expands ValueSets over stored CodeSystems with Hibernate Search whenever its full-text service bean exists,
 * and {@code HapiJpaConfig} always defines that bean. Hibernate Search is off here (its Lucene index would be written
 * on every resource write), so {@code ValueSet/$expand} answered 500 (HSEARCH800001) and HAPI's scheduled
 * pre-expansion logged an error per ValueSet. The switch below sends {@code TermReadSvcImpl} down its plain-SQL
 * expansion path; despite its name it is the only switch HAPI has for "Hibernate Search is not there".
 */
final class TerminologyWithoutHibernateSearch implements InitializingBean {

  @Override
  public void afterPropertiesSet() {
    TermReadSvcImpl.setForceDisableHibernateSearchForUnitTest(true);
  }
}
