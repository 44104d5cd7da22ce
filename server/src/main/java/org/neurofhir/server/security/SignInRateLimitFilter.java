package org.neurofhir.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Failed sign-ins at the authorization server ({@code /oauth2/token}, {@code /oauth2/introspect},
 * {@code /oauth2/revoke}, the login page) are limited per source address and, at the OAuth2 endpoints, per client
 * id: past {@code neurofhir.security.sign-in-rate-limit} failures in a minute, further attempts get 429 with
 * Retry-After until the minute ends, before any secret is checked. Without it one caller could try secrets without
 * end (each costing a bcrypt check) and add an AuditEvent per failure; now each failure up to the limit is audited
 * on its own, the refused attempts of a burst as one event at its start and one summary with their count once the
 * minute is over. Runs before Spring Security, so refused attempts cost nothing else.
 */
public class SignInRateLimitFilter extends OncePerRequestFilter {

  static final String[] PATHS = {"/oauth2/token", "/oauth2/introspect", "/oauth2/revoke", "/login"};

  private final SecurityProperties.SignInRateLimit limits;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong lastSwept = new java.util.concurrent.atomic.AtomicLong();

  /** Failures and refused attempts of one key in one minute. */
  private record Window(long minute, AtomicInteger failures, AtomicInteger refused) {}

  public SignInRateLimitFilter(
      SecurityProperties.SignInRateLimit limits, Clock clock, ApplicationEventPublisher events) {
    this.limits = limits;
    this.clock = clock;
    this.events = events;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    // the login page itself is only read; the form post is the attempt
    return !limits.enabled() || ("/login".equals(request.getRequestURI()) && !"POST".equals(request.getMethod()));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long now = clock.millis();
    long minute = now / 60_000;
    summarizeEndedBursts(minute);
    String address = "address:" + request.getRemoteAddr();
    Optional<String> client = "/login".equals(request.getRequestURI()) ? Optional.empty() : clientId(request);
    Window byAddress = window(address, minute);
    Optional<Window> byClient = client.map(c -> window("client:" + c, minute));
    boolean overAddress = byAddress.failures().get() >= limits.failuresPerMinutePerAddress();
    boolean overClient = byClient.map(w -> w.failures().get() >= limits.failuresPerMinutePerClient()).orElse(false);
    if (overAddress || overClient) {
      Window burst = overClient ? byClient.get() : byAddress;
      long retryAfter = Math.max(1, (minute + 1) * 60 - now / 1000);
      response.setStatus(429);
      response.setHeader("Retry-After", Long.toString(retryAfter));
      response.setContentType("application/json");
      response.getOutputStream().write(("{\"error\":\"too_many_requests\",\"error_description\":\"too many failed"
          + " sign-in attempts from this " + (overClient ? "client" : "address") + "; retry in " + retryAfter
          + " s\"}").getBytes(StandardCharsets.UTF_8));
      if (burst.refused().getAndIncrement() == 0) {
        RefusalResponses.publish(events, request, 429, "over " + (overClient
            ? limits.failuresPerMinutePerClient() + " failed sign-ins per minute for client " + client.get()
            : limits.failuresPerMinutePerAddress() + " failed sign-ins per minute from this address")
            + "; further refusals this minute are counted in one summary event");
      }
      return;
    }
    chain.doFilter(request, response);
    if (failed(request, response)) {
      byAddress.failures().incrementAndGet();
      byClient.ifPresent(w -> w.failures().incrementAndGet());
    }
  }

  private Window window(String key, long minute) {
    Window[] ended = new Window[1];
    Window current = windows.compute(key, (k, w) -> {
      if (w != null && w.minute() == minute) {
        return w;
      }
      ended[0] = w;
      return new Window(minute, new AtomicInteger(), new AtomicInteger());
    });
    if (ended[0] != null) {
      summarize(key, ended[0]);
    }
    return current;
  }

  /**
   * One audit event per ended burst with the number of attempts refused without an event of their own: for a key
   * seen again, when its new window replaces the old one; for the others, by a sweep once a minute.
   */
  private void summarizeEndedBursts(long minute) {
    long last = lastSwept.get();
    if (last == minute || !lastSwept.compareAndSet(last, minute)) {
      return; // once per minute, by one request: the sweep walks every key
    }
    for (var e : windows.entrySet()) {
      // removed here or replaced by window(): whichever ends it summarizes it, once
      if (e.getValue().minute() != minute && windows.remove(e.getKey(), e.getValue())) {
        summarize(e.getKey(), e.getValue());
      }
    }
  }

  private void summarize(String key, Window ended) {
    if (ended.refused().get() > 1) {
      events.publishEvent(new RequestRefusedEvent(429, "POST", "sign-in", key, Optional.empty(),
          (ended.refused().get() - 1) + " further sign-in attempts refused for " + key + " in the minute "
              + java.time.Instant.ofEpochSecond(ended.minute() * 60)));
    }
  }

  /** The token endpoint answers 400/401 to bad client credentials or grants; the login page redirects to ?error. */
  private static boolean failed(HttpServletRequest request, HttpServletResponse response) {
    if ("/login".equals(request.getRequestURI())) {
      String location = response.getHeader("Location");
      return location != null && location.contains("error");
    }
    return response.getStatus() == 400 || response.getStatus() == 401;
  }

  /** The client id from HTTP Basic or the form, as the token endpoint reads it. */
  private static Optional<String> clientId(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return Optional.of(java.net.URLDecoder.decode(colon < 0 ? decoded : decoded.substring(0, colon), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(request.getParameter("client_id")).filter(s -> !s.isBlank());
  }
}
