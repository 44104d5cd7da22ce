package org.neurofhir.server.user;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxFailedAttempts failed logins in a row that lock an account
 * @param lockoutDuration how long a locked account stays locked (an admin can unlock earlier)
 * @param initialAdminUsername the first admin, created when the users table is empty
 * @param initialAdminPassword its password (env {@code NEUROFHIR_ADMIN_PASSWORD}); empty = a random one-time
 *     password printed once on the console
 */
@ConfigurationProperties(prefix = "neurofhir.users")
public record UserProperties(
    @DefaultValue("5") int maxFailedAttempts,
    @DefaultValue("15m") Duration lockoutDuration,
    @DefaultValue("admin") String initialAdminUsername,
    @DefaultValue("") String initialAdminPassword) {}
