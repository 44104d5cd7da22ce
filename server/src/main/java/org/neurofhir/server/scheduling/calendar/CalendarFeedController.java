package org.neurofhir.server.scheduling.calendar;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neurofhir.server.security.Caller;
import org.neurofhir.server.security.CallerAuthenticationToken;
import org.neurofhir.server.web.OperationOutcomeResponses;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Calendar feeds (server/README.md "Scheduling"). With a bearer token, a user whose account names a Practitioner or
 * a Patient manages their own feeds: {@code POST /calendar/feeds} (201, the feed URL with its token, shown once),
 * {@code GET /calendar/feeds}, {@code DELETE /calendar/feeds/{id}} (revoke). The feed itself,
 * {@code GET /calendar/feed/{token}.ics}, is public and opened by its token alone; unknown and revoked tokens look
 * the same (404).
 */
@RestController
public class CalendarFeedController {

  public static final String FEED_PATH = "/calendar/feed/";

  private final CalendarFeedStore feeds;
  private final AgendaCalendar calendar;

  public CalendarFeedController(CalendarFeedStore feeds, AgendaCalendar calendar) {
    this.feeds = feeds;
    this.calendar = calendar;
  }

  @PostMapping("/calendar/feeds")
  public ResponseEntity<?> create(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Optional<Caller> caller = CallerAuthenticationToken.current();
    Optional<String> owner = caller.flatMap(Caller::fhirUser)
        .filter(f -> f.matches("(Practitioner|Patient)/[A-Za-z0-9\\-.]{1,64}"));
    if (caller.isEmpty() || owner.isEmpty()) {
      OperationOutcomeResponses.write(response, 403, "forbidden", "a calendar feed shows one practitioner's or one "
          + "patient's appointments: this account names neither (fhirUser)");
      return null;
    }
    CalendarFeedStore.NewFeed made = feeds.create(owner.get(), caller.get().subject());
    Map<String, Object> body = view(made.feed());
    body.put("url", base(request) + FEED_PATH + made.token() + ".ics");
    return ResponseEntity.status(HttpStatus.CREATED).body(body);
  }

  @GetMapping("/calendar/feeds")
  public List<Map<String, Object>> list() {
    return CallerAuthenticationToken.current().map(c -> feeds.of(c.subject()).stream().map(CalendarFeedController::view)
        .toList()).orElse(List.of());
  }

  @DeleteMapping("/calendar/feeds/{id}")
  public void revoke(@PathVariable String id, HttpServletResponse response) throws IOException {
    String user = CallerAuthenticationToken.current().map(Caller::subject).orElse("");
    if (!feeds.revoke(id, user)) {
      OperationOutcomeResponses.write(response, 404, "not-found", "you have no active calendar feed " + id);
      return;
    }
    response.setStatus(204);
  }

  @GetMapping(FEED_PATH + "{file}")
  public void feed(@PathVariable String file, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Optional<String> owner = file.endsWith(".ics")
        ? feeds.ownerOf(file.substring(0, file.length() - 4)) : Optional.empty();
    if (owner.isEmpty()) {
      OperationOutcomeResponses.write(response, 404, "not-found", "no such calendar feed (revoked, or never made)");
      return;
    }
    byte[] ics = calendar.ics(owner.get(), base(request) + "/fhir").getBytes(StandardCharsets.UTF_8);
    response.setStatus(200);
    response.setContentType("text/calendar;charset=UTF-8");
    response.setHeader("Cache-Control", "private, no-store");
    response.setContentLength(ics.length);
    response.getOutputStream().write(ics);
  }

  private static Map<String, Object> view(CalendarFeedStore.Feed f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", f.id());
    m.put("owner", f.owner());
    m.put("createdAt", f.createdAt().toString());
    m.put("revokedAt", f.revokedAt() == null ? null : f.revokedAt().toString());
    return m;
  }

  private static String base(HttpServletRequest request) {
    return org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromContextPath(request).build()
        .toUriString();
  }
}
