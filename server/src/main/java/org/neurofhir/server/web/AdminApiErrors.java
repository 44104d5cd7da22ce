package org.neurofhir.server.web;

import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** How the admin API ({@code /admin/users}, {@code /admin/clients}) answers a request it cannot take: 400 + why. */
@RestControllerAdvice(basePackages = {"org.neurofhir.server.user", "org.neurofhir.server.client"})
public class AdminApiErrors {

  /** A field of an admin request that is missing or malformed; the message names it and says what is expected. */
  public static final class BadRequest extends RuntimeException {
    public BadRequest(String message) {
      super(message);
    }
  }

  @ExceptionHandler(BadRequest.class)
  ResponseEntity<Map<String, String>> badRequest(BadRequest e) {
    return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
    return ResponseEntity.badRequest().body(Map.of("error", "request body must be a JSON object"));
  }
}
