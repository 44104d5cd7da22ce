package org.neurofhir.server.user;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.neurofhir.server.security.UserClaimsSource;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Login-page authentication against {@code nf_user}: suspended and locked accounts are refused before the
 * password is checked; {@code max-failed-attempts} failures in a row lock the account for {@code lockout-duration}.
 */
@Component
public class DatabaseUserAuthenticationProvider implements AuthenticationProvider, UserClaimsSource {

  private final UserRepository users;
  private final PasswordEncoder passwords;
  private final UserProperties props;
  private final Clock clock;
  /** Compared against when the user does not exist, so timing does not reveal which usernames exist. */
  private final String dummyHash;

  public DatabaseUserAuthenticationProvider(
      UserRepository users, PasswordEncoder passwords, UserProperties props, Clock clock) {
    this.users = users;
    this.passwords = passwords;
    this.props = props;
    this.clock = clock;
    this.dummyHash = passwords.encode("not-a-password-" + System.nanoTime());
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String username = authentication.getName();
    String password = authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
    Optional<UserAccount> found = users.find(username);
    if (found.isEmpty()) {
      passwords.matches(password, dummyHash);
      throw new BadCredentialsException("Bad credentials");
    }
    UserAccount user = found.get();
    Instant now = clock.instant();
    if (user.status() == UserAccount.Status.SUSPENDED) {
      throw new DisabledException("Account suspended");
    }
    if (user.lockedAt(now)) {
      throw new LockedException("Account locked after repeated failed logins");
    }
    if (!passwords.matches(password, user.passwordHash())) {
      users.recordFailure(username, props.maxFailedAttempts(), now.plus(props.lockoutDuration()));
      throw new BadCredentialsException("Bad credentials");
    }
    users.recordSuccess(username, now);
    List<SimpleGrantedAuthority> authorities =
        user.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList();
    return UsernamePasswordAuthenticationToken.authenticated(username, null, authorities);
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }

  /** Roles and FHIR identity at token issue; a suspended user gets no claims, so no token. */
  @Override
  public Optional<UserClaims> claimsFor(String username) {
    return users.find(username)
        .filter(u -> u.status() == UserAccount.Status.ACTIVE)
        .map(u -> new UserClaims(u.roles(), u.fhirUser()));
  }
}
