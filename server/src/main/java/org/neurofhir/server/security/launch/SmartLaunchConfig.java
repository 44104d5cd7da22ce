package org.neurofhir.server.security.launch;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.neurofhir.server.fhir.FhirRestfulServerConfig;
import org.neurofhir.server.security.RolePolicies;
import org.neurofhir.server.security.SecurityProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * SMART EHR launch with the embedded authorization server (server/README.md "EHR launch"). With an external issuer,
 * launch contexts are that issuer's business.
 */
@Configuration
@ConditionalOnExpression("'${neurofhir.security.external.issuer-uri:}' == ''")
public class SmartLaunchConfig {

  @Bean
  LaunchContexts launchContexts(DataSource dataSource, Clock clock, SecurityProperties props) {
    return new LaunchContexts(dataSource, clock, props.launchTtl());
  }

  @Bean
  FhirRestfulServerConfig.RestfulServerCustomizer smartLaunchOperation(RolePolicies policies, DaoRegistry daos,
      LaunchContexts launches, RegisteredClientRepository clients, SecurityProperties props) {
    SmartLaunchOperationProvider provider = new SmartLaunchOperationProvider(policies, daos, launches, clients,
        props.issuer(), props.webClient().clientId());
    return server -> server.registerProvider(provider);
  }
}
