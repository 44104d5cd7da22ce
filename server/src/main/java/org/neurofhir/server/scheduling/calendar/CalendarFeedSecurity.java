package org.neurofhir.server.scheduling.calendar;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The feed URL is a public endpoint: calendar clients (Outlook, Google, Apple) send no bearer token, so the secret
 * token in the path is its only credential (checked by {@link CalendarFeedController}). Only {@code GET} of
 * {@code /calendar/feed/**}; managing feeds stays behind the API's bearer-token chain.
 */
@Configuration
public class CalendarFeedSecurity {

  @Bean
  @Order(0)
  SecurityFilterChain calendarFeedFilterChain(HttpSecurity http) throws Exception {
    http.securityMatcher(request -> "GET".equals(request.getMethod())
            && request.getRequestURI().startsWith(request.getContextPath() + CalendarFeedController.FEED_PATH))
        .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
        .csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        // the token is in the URL: never pass it on to another site
        .headers(h -> h.referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
    return http.build();
  }
}
