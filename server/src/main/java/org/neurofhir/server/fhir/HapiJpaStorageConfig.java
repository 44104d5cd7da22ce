package org.neurofhir.server.fhir;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import ca.uhn.fhir.jpa.binstore.DatabaseBinaryContentStorageSvcImpl;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.HibernatePropertiesProvider;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.dao.ResourceHistoryCalculator;
import ca.uhn.fhir.jpa.dao.SecondPassOnlyHistoryCalculator;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.entity.StorageSettings;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.jpa.term.api.ITermReadSvc;
import jakarta.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/**
 * HAPI FHIR JPA storage for R4 on the application's DataSource. Only the parts a clinic server uses are
 * imported (no MDM, clinical reasoning, IPS or tester UI): they cost start-up time and memory.
 */
@Configuration
@EnableTransactionManagement
@Import({
  JpaR4Config.class,
  HapiJpaConfig.class,
  JpaBatch2Config.class,
  Batch2JobsConfig.class,
  // in-memory channels that carry batch2 work notifications (reindex, bulk export, expunge) and, with
  // subscription.SubscriptionsConfig (which holds SubscriptionSettings), FHIR Subscription matching and delivery
  SubscriptionChannelConfig.class,
  ThreadPoolFactoryConfig.class
})
public class HapiJpaStorageConfig {

  @Bean
  static DatabaseUrlDefaults databaseUrlDefaults() {
    return new DatabaseUrlDefaults();
  }

  @Bean
  static PageLoadWithCachedQueryPlan pageLoadWithCachedQueryPlan(ObjectProvider<EntityManagerFactory> emf) {
    return new PageLoadWithCachedQueryPlan(emf);
  }

  /** Replaces HAPI's {@code terminologyService} bean (same name): see the class for why. */
  @Bean
  public ITermReadSvc terminologyService() {
    return new TerminologyWithoutHibernateSearch();
  }

  /**
   * Replaces HAPI's {@code resourceHistoryCalculator} bean (same name); with the interceptor below, a resource
   * created in a transaction bundle is indexed and encoded once instead of twice (see the interceptor).
   */
  @Bean
  public ResourceHistoryCalculator resourceHistoryCalculator(
      FhirContext fhirContext, HibernatePropertiesProvider hibernateProperties) {
    return new SecondPassOnlyHistoryCalculator(fhirContext, hibernateProperties.isOracleDialect());
  }

  @Bean
  public TransactionCreatesIndexedOnce transactionCreatesIndexedOnce(
      FhirContext fhirContext, IInterceptorService interceptorService, JpaStorageSettings settings) {
    TransactionCreatesIndexedOnce interceptor = new TransactionCreatesIndexedOnce(fhirContext);
    // With auto-created placeholders HAPI would create resources with indexing inside a bundle's transaction.
    if (!settings.isAutoCreatePlaceholderReferenceTargets()) {
      interceptorService.registerInterceptor(interceptor);
    }
    return interceptor;
  }

  @Bean
  public JpaStorageSettings jpaStorageSettings(FhirServerProperties props, DataSource dataSource) {
    JpaStorageSettings settings = new JpaStorageSettings();
    // Clinic data is linked: a dangling reference is a data-quality bug, so refuse it on write and delete.
    settings.setEnforceReferentialIntegrityOnWrite(true);
    settings.setEnforceReferentialIntegrityOnDelete(true);
    settings.setAutoCreatePlaceholderReferenceTargets(false);
    settings.setAllowExternalReferences(true);
    settings.setAllowMultipleDelete(true);
    settings.setAllowContainsSearches(true);
    settings.setIndexMissingFields(StorageSettings.IndexEnabledEnum.DISABLED);
    settings.setExpungeEnabled(props.expungeEnabled());
    settings.setDeleteExpungeEnabled(props.expungeEnabled());
    // null, not 0: HAPI then skips the lookup of reusable result sets altogether.
    long reuse = props.reuseCachedSearchResultsMillis();
    settings.setReuseCachedSearchResultsForMillis(reuse > 0 ? reuse : null);
    settings.setFetchSizeDefaultMaximum(props.maxPageSize());
    settings.setMatchUrlCacheEnabled(props.matchUrlCache());
    settings.setMaximumTransactionBundleSize(props.maxTransactionEntries() > 0 ? props.maxTransactionEntries() : null);
    settings.setMassIngestionMode(props.massIngestionMode());
    settings.setInlineResourceTextBelowSize(props.inlineResourceTextBelowSize());
    settings.setResourceClientIdStrategy(JpaStorageSettings.ClientIdStrategyEnum.ALPHANUMERIC);
    settings.setHibernateSearchIndexSearchParams(false);
    // Synthea-like clinical data carries meta.profile on most resources. INLINE keeps tags inside the stored body
    // (no tag rows to write, no tag query per page read: ingest server CPU -22 %, server/README.md "Performance");
    // index-optimized rows carry only the hashes that searches use.
    settings.setTagStorageMode(TagStorageModeChoice.forDatabase(props.tagStorageMode(), dataSource));
    settings.setIndexStorageOptimized(props.indexStorageOptimized());
    return settings;
  }

  @Bean
  public PartitionSettings partitionSettings() {
    return new PartitionSettings();
  }

  @Primary
  @Bean
  public LocalContainerEntityManagerFactoryBean entityManagerFactory(
      DataSource dataSource,
      ConfigurableListableBeanFactory beanFactory,
      FhirContext fhirContext,
      JpaStorageSettings storageSettings,
      Environment environment) {
    LocalContainerEntityManagerFactoryBean emf =
        HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
    emf.setPersistenceUnitName("HAPI_PU");
    emf.setDataSource(dataSource);
    emf.setJpaProperties(HibernateSettings.forEnvironment(environment, beanFactory));
    return emf;
  }

  @Primary
  @Bean
  public JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
    return new JpaTransactionManager(entityManagerFactory);
  }

  @Bean
  public IBinaryStorageSvc binaryStorageSvc() {
    return new DatabaseBinaryContentStorageSvcImpl();
  }
}
