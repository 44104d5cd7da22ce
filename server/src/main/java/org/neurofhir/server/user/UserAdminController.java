package org.neurofhir.server.user;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.neurofhir.server.security.Role;
import org.neurofhir.server.web.AdminApiErrors.BadRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * User management for admins (the security filter chain admits only the admin role to {@code /admin/**}):
 * create, list, suspend, reactivate, unlock and reset password. Password hashes never leave the server.
 */
@RestController
@RequestMapping("/admin/users")
public class UserAdminController {

  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{3,100}");
  private static final Pattern FHIR_USER = Pattern.compile("(Patient|Practitioner|PractitionerRole|RelatedPerson)/[A-Za-z0-9\\-.]{1,64}");
  static final int MIN_PASSWORD_LENGTH = 12;

  private final UserRepository users;
  private final PasswordEncoder passwords;
  private final Clock clock;

  public UserAdminController(UserRepository users, PasswordEncoder passwords, Clock clock) {
    this.users = users;
    this.passwords = passwords;
    this.clock = clock;
  }

  /** What an admin sees of a user. */
  public record UserView(
      String username, List<String> roles, String status, int failedAttempts, Instant lockedUntil, Instant lastLogin,
      String fhirUser) {
    static UserView of(UserAccount u) {
      return new UserView(u.username(), u.roles().stream().map(Role::id).toList(), u.status().name().toLowerCase(),
          u.failedAttempts(), u.lockedUntil().orElse(null), u.lastLogin().orElse(null), u.fhirUser().orElse(null));
    }
  }

  public record NewUser(String username, String password, List<String> roles, String fhirUser) {}

  public record NewPassword(String password) {}

  @GetMapping
  public List<UserView> list() {
    return users.findAll().stream().map(UserView::of).toList();
  }

  @GetMapping("/{username}")
  public ResponseEntity<UserView> get(@PathVariable String username) {
    return users.find(username).map(UserView::of).map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
  }

  @PostMapping
  public ResponseEntity<?> create(@RequestBody NewUser request) {
    if (request.username() == null || !USERNAME.matcher(request.username()).matches()) {
      throw new BadRequest("username: 3-100 characters of letters, digits, '.', '_', '@', '-'");
    }
    checkPassword(request.password());
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : Optional.ofNullable(request.roles()).orElse(List.of())) {
      roles.add(Role.parse(r).orElseThrow(() -> new BadRequest("unknown role '" + r + "'; roles: admin, doctor, nurse, secretary, patient")));
    }
    if (roles.isEmpty()) {
      throw new BadRequest("roles: at least one of admin, doctor, nurse, secretary, patient");
    }
    Optional<String> fhirUser = Optional.ofNullable(request.fhirUser()).filter(s -> !s.isBlank());
    if (fhirUser.isPresent() && !FHIR_USER.matcher(fhirUser.get()).matches()) {
      throw new BadRequest("fhirUser: a relative reference such as Patient/123 or Practitioner/abc");
    }
    if (roles.contains(Role.PATIENT) && fhirUser.filter(f -> f.startsWith("Patient/")).isEmpty()) {
      throw new BadRequest("a patient user needs fhirUser = Patient/<id>");
    }
    if (!users.insert(request.username(), passwords.encode(request.password()), roles, fhirUser, clock.instant())) {
      return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "username already exists"));
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(UserView.of(users.find(request.username()).orElseThrow()));
  }

  @PostMapping("/{username}/suspend")
  public ResponseEntity<?> suspend(@PathVariable String username) {
    return done(users.setStatus(username, UserAccount.Status.SUSPENDED), username);
  }

  @PostMapping("/{username}/activate")
  public ResponseEntity<?> activate(@PathVariable String username) {
    return done(users.setStatus(username, UserAccount.Status.ACTIVE), username);
  }

  @PostMapping("/{username}/unlock")
  public ResponseEntity<?> unlock(@PathVariable String username) {
    return done(users.unlock(username), username);
  }

  @PostMapping("/{username}/password")
  public ResponseEntity<?> resetPassword(@PathVariable String username, @RequestBody NewPassword request) {
    checkPassword(request.password());
    return done(users.setPassword(username, passwords.encode(request.password())), username);
  }

  private ResponseEntity<?> done(boolean changed, String username) {
    return changed
        ? ResponseEntity.ok(UserView.of(users.find(username).orElseThrow()))
        : ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no user '" + username + "'"));
  }

  private static void checkPassword(String password) {
    if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
      throw new BadRequest("password: at least " + MIN_PASSWORD_LENGTH + " characters");
    }
  }
}
