package org.neurofhir.server.user;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import org.neurofhir.server.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * There is no default password: when the users table is empty, the first admin is created with the password from
 * {@code NEUROFHIR_ADMIN_PASSWORD}, or with a random one-time password printed once, here, on the console. Only its
 * hash is stored, so it cannot be printed again; an admin can reset it (POST /admin/users/admin/password).
 */
@Component
public class FirstAdminBootstrap implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(FirstAdminBootstrap.class);
  private final UserRepository users;
  private final PasswordEncoder passwords;
  private final UserProperties props;
  private final Clock clock;

  public FirstAdminBootstrap(UserRepository users, PasswordEncoder passwords, UserProperties props, Clock clock) {
    this.users = users;
    this.passwords = passwords;
    this.props = props;
    this.clock = clock;
  }

  @Override
  public void run(ApplicationArguments args) {
    createFirstAdminIfNone();
  }

  /** @return the generated one-time password, when one was generated */
  Optional<String> createFirstAdminIfNone() {
    if (users.count() > 0) {
      return Optional.empty();
    }
    boolean generated = props.initialAdminPassword().isBlank();
    String password = generated ? randomPassword() : props.initialAdminPassword();
    boolean created = users.insert(
        props.initialAdminUsername(), passwords.encode(password), EnumSet.of(Role.ADMIN), Optional.empty(),
        clock.instant());
    if (!created) {
      return Optional.empty(); // another instance on the same database won the race
    }
    if (generated) {
      // stdout on purpose: the one place an operator reads at first start; logs may be shipped elsewhere
      System.out.println("""

          ==================================================================
           NeuroFHIR first start: admin user '%s' created.
           One-time password (shown only now): %s
           Sign in and change it, or set NEUROFHIR_ADMIN_PASSWORD next time.
          ==================================================================
          """.formatted(props.initialAdminUsername(), password));
      log.warn("First admin '{}' created with a one-time password printed on the console", props.initialAdminUsername());
      return Optional.of(password);
    }
    log.info("First admin '{}' created from NEUROFHIR_ADMIN_PASSWORD", props.initialAdminUsername());
    return Optional.empty();
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
