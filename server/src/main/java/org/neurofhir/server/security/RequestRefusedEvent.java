package org.neurofhir.server.security;

import java.util.Optional;

/**
 * A request the security filters turned away before it reached HAPI or a controller: 401 (no or bad token), 403
 * (role missing for {@code /admin}, {@code /actuator}), 429 (rate limit) or 413 (body over the size limit).
 * Published for the audit trail.
 *
 * @param caller who, when the token was valid (403, 429)
 * @param reason why, for the record
 */
public record RequestRefusedEvent(
    int status, String method, String path, String remoteAddress, Optional<Caller> caller, String reason) {}
