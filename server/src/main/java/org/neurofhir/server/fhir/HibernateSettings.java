package org.neurofhir.server.fhir;

import ca.uhn.fhir.jpa.config.HapiFhirLocalContainerEntityManagerFactoryBean;
import java.util.Map;
import java.util.Properties;
import org.hibernate.cfg.AvailableSettings;
import org.neurofhir.server.fhir.search.StatementTimeout;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.orm.jpa.hibernate.SpringImplicitNamingStrategy;
import org.springframework.core.env.Environment;
import org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy;

/**
 * Hibernate properties for HAPI's persistence unit: {@code spring.jpa.properties.*} from configuration first,
 * then HAPI's own defaults, then ours. The dialect follows the JDBC URL so that switching to PostgreSQL is a
 * matter of setting {@code spring.datasource.url}.
 */
final class HibernateSettings {

  private HibernateSettings() {}

  static Properties forEnvironment(Environment env, ConfigurableListableBeanFactory beanFactory) {
    Properties props = new Properties();
    Binder.get(env)
        .bind("spring.jpa.properties", Bindable.mapOf(String.class, String.class))
        .ifBound(props::putAll);

    String url = env.getProperty("spring.datasource.url", "");
    props.putIfAbsent(AvailableSettings.DIALECT, dialectFor(url));
    props.putIfAbsent(AvailableSettings.SCANNER, "org.hibernate.boot.archive.scan.internal.DisabledScanner");
    props.putIfAbsent(AvailableSettings.IMPLICIT_NAMING_STRATEGY, SpringImplicitNamingStrategy.class.getName());
    props.putIfAbsent(AvailableSettings.PHYSICAL_NAMING_STRATEGY, CamelCaseToUnderscoresNamingStrategy.class.getName());

    Map<String, Object> hapiDefaults = new HapiFhirLocalContainerEntityManagerFactoryBean(beanFactory).getJpaPropertyMap();
    hapiDefaults.forEach(props::putIfAbsent);

    props.putIfAbsent(AvailableSettings.HBM2DDL_AUTO, "update");
    // Hibernate's update drops and re-creates every unique constraint by default: on each start, rebuilding their
    // indexes over tables of any size while other nodes write, with no uniqueness enforced in between. Only
    // missing ones are created (server/README.md "Schema").
    props.putIfAbsent(AvailableSettings.UNIQUE_CONSTRAINT_SCHEMA_UPDATE_STRATEGY, "RECREATE_QUIETLY");
    props.putIfAbsent(AvailableSettings.SHOW_SQL, "false");
    props.putIfAbsent(AvailableSettings.FORMAT_SQL, "false");
    // Transaction bundles write hundreds of rows of the same few tables: batching them is the biggest single
    // ingest win measured (see server/README.md).
    props.putIfAbsent(AvailableSettings.STATEMENT_BATCH_SIZE, "50");
    props.putIfAbsent(AvailableSettings.ORDER_INSERTS, "true");
    props.putIfAbsent(AvailableSettings.ORDER_UPDATES, "true");
    // HAPI loads a page's resources with `pid in (...)` of varying length; padded to powers of two, Hibernate
    // reuses its translated SQL instead of re-interpreting the query per request (ingest server CPU -16 %,
    // Encounter pages +11 to +39 % req/s; server/README.md "Performance").
    props.putIfAbsent(AvailableSettings.IN_CLAUSE_PARAMETER_PADDING, "true");
    props.putIfAbsent(AvailableSettings.USE_SECOND_LEVEL_CACHE, "false");
    props.putIfAbsent(AvailableSettings.USE_QUERY_CACHE, "false");
    props.putIfAbsent("hibernate.search.enabled", "false");
    // no statement outlives the request time limit (server/README.md "Security")
    props.putIfAbsent(StatementTimeout.HIBERNATE_PROPERTY, StatementTimeout.millis(env));
    if (url.startsWith("jdbc:h2:")) {
      props.putIfAbsent(AvailableSettings.STATEMENT_INSPECTOR, H2IdLookupRewrite.class.getName());
    }
    return props;
  }

  static String dialectFor(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return "ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect";
    }
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return "ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect";
    }
    throw new IllegalStateException(
        "Unsupported database URL '" + jdbcUrl + "': NeuroFHIR runs on H2 (embedded) or PostgreSQL");
  }
}
