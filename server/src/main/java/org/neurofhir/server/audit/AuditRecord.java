package org.neurofhir.server.audit;

import java.time.Instant;

/**
 * One audited fact, as queued in the outbox before it becomes an AuditEvent.
 *
 * @param kind rest (a FHIR interaction), login, token, access (refused by the security filters) or admin (the
 *     admin API)
 * @param subtype FHIR restful interaction code (read, search-type, create, ...), login, token-issued,
 *     unauthenticated / forbidden / rate-limited (access), admin-get / admin-post / ... (admin)
 * @param action AuditEvent.action: C, R, U, D or E
 * @param httpStatus the response status (login: 200 success, 401 failure)
 * @param username the user, or the client id for a system client; null when anonymous
 * @param clientId the OAuth2 client
 * @param entity what was touched: {@code Patient/123}, {@code Observation} (a type search), {@code $everything}
 * @param sourceIp the caller's address
 * @param detail free text: the failure reason, the granted scopes
 */
public record AuditRecord(
    Instant recordedAt,
    String kind,
    String subtype,
    String action,
    int httpStatus,
    String username,
    String clientId,
    String entity,
    String sourceIp,
    String detail) {

  public boolean success() {
    return httpStatus < 400;
  }
}
