package org.neurofhir.server.subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.subscription.match.config.SubscriptionProcessorConfig;
import ca.uhn.fhir.jpa.subscription.match.deliver.email.IEmailSender;
import ca.uhn.fhir.jpa.subscription.submit.config.SubscriptionSubmitterConfig;
import ca.uhn.fhir.jpa.util.LoggingEmailSender;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import org.hl7.fhir.dstu2.model.Subscription.SubscriptionChannelType;
import org.hl7.fhir.r4.model.Subscription;
import org.neurofhir.server.fhir.FhirRestfulServerConfig.RestfulServerCustomizer;
import org.neurofhir.server.fhir.FhirServerProperties;
import org.neurofhir.server.fhir.search.MatchUrlValues;
import org.neurofhir.server.fhir.search.RequestLimitsProperties;
import org.neurofhir.server.security.RolePolicies;
import org.neurofhir.server.security.SearchFilterGuard;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * FHIR R4 Subscriptions (server/README.md "Subscriptions"): HAPI's matching and delivery for the rest-hook and
 * websocket channels, behind this server's rules on who subscribes to what and where notifications may go.
 */
@Configuration
@EnableConfigurationProperties(SubscriptionsProperties.class)
public class SubscriptionsConfig {

  /** HAPI registers its matching and validating interceptors only for the channel types named here. */
  @Bean
  public SubscriptionSettings subscriptionSettings(SubscriptionsProperties props) {
    SubscriptionSettings settings = new SubscriptionSettings();
    settings.setSubscriptionIntervalInMs(props.submissionInterval().toMillis());
    if (props.enabled()) {
      settings.addSupportedSubscriptionType(SubscriptionChannelType.RESTHOOK);
      if (props.websocket()) {
        settings.addSupportedSubscriptionType(SubscriptionChannelType.WEBSOCKET);
      }
    }
    return settings;
  }

  /** The rules hold whether delivery runs or not: a stored Subscription is enough to start it later. */
  @Bean
  RestfulServerCustomizer subscriptionRules(SubscriptionsProperties props, RolePolicies policies, DaoRegistry daos,
      ISearchParamRegistry searchParams, FhirContext fhir, FhirServerProperties fhirProps,
      RequestLimitsProperties limits) {
    SubscriptionContent content = new SubscriptionContent(props.websocket(),
        new RestHookEndpoints(props.restHookEndpoints()), new SearchFilterGuard(policies, searchParams),
        new MatchUrlValues(searchParams, fhir, fhirProps.maxPageSize(), limits.maxOffset()), fhir.getResourceTypes());
    SubscriptionWriteGuard guard =
        new SubscriptionWriteGuard(policies, content, daos.getResourceDao(Subscription.class), props);
    SubscriptionReadFilter reads = new SubscriptionReadFilter(policies);
    return server -> {
      server.registerInterceptor(guard);
      server.registerInterceptor(reads);
    };
  }

  /** HAPI's submitter (changes → matching queue, persisted until delivered) and processor (matching, delivery). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "neurofhir.subscriptions.enabled", havingValue = "true", matchIfMissing = true)
  @Import({SubscriptionSubmitterConfig.class, SubscriptionProcessorConfig.class})
  static class Delivery {

    /** HAPI's delivery listeners ask for one; the email channel is not offered, so nothing is ever sent. */
    @Bean
    IEmailSender emailSender() {
      return new LoggingEmailSender();
    }
  }
}
