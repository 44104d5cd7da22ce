package org.neurofhir.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Fixed one-minute windows per client ({@code client_id} of the token, or the remote address when there is none):
 * past the limit the client gets 429 with {@code Retry-After} until the next window. In memory, per server
 * instance: a limit against runaway scripts, not a quota system.
 */
class RateLimitFilter extends OncePerRequestFilter {

  private record Window(long minute, AtomicInteger count) {}

  private final SecurityProperties props;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final Map<String, Integer> perClientLimits = new ConcurrentHashMap<>();

  RateLimitFilter(SecurityProperties props, Clock clock, ApplicationEventPublisher events) {
    this.props = props;
    this.clock = clock;
    this.events = events;
    props.clients().stream()
        .filter(c -> c.requestsPerMinute() > 0)
        .forEach(c -> perClientLimits.put(c.clientId(), c.requestsPerMinute()));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!props.rateLimit().enabled()) {
      chain.doFilter(request, response);
      return;
    }
    String key = CallerAuthenticationToken.current().map(Caller::clientId).orElse("ip:" + request.getRemoteAddr());
    int limit = perClientLimits.getOrDefault(key, props.rateLimit().requestsPerMinute());
    long now = clock.millis();
    long minute = now / 60_000;
    Window window = windows.compute(key, (k, w) -> w == null || w.minute() != minute ? new Window(minute, new AtomicInteger()) : w);
    if (window.count().incrementAndGet() > limit) {
      long retryAfter = Math.max(1, (minute + 1) * 60 - now / 1000);
      response.setStatus(429);
      response.setHeader("Retry-After", Long.toString(retryAfter));
      RefusalResponses.write(response, OperationOutcome.IssueType.THROTTLED,
          "More than " + limit + " requests per minute from this client; retry in " + retryAfter + " s");
      RefusalResponses.publish(events, request, 429, "over " + limit + " requests per minute");
      return;
    }
    if (windows.size() > 10_000) {
      windows.entrySet().removeIf(e -> e.getValue().minute() != minute);
    }
    chain.doFilter(request, response);
  }
}
