package org.neurofhir.server.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.neurofhir.server.security.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The users table ({@code nf_user}, Liquibase changelog {@code db/changelog/users.yaml}) over plain JDBC. */
@Repository
public class UserRepository {

  private static final String COLUMNS =
      "username, password_hash, roles, status, failed_attempts, locked_until, last_login, fhir_user";
  private final JdbcClient jdbc;

  public UserRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<UserAccount> find(String username) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM nf_user WHERE username = ?")
        .param(username)
        .query(UserRepository::map)
        .optional();
  }

  public List<UserAccount> findAll() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM nf_user ORDER BY username").query(UserRepository::map).list();
  }

  public long count() {
    return jdbc.sql("SELECT COUNT(*) FROM nf_user").query(Long.class).single();
  }

  /** @return false when the username is taken */
  public boolean insert(String username, String passwordHash, Set<Role> roles, Optional<String> fhirUser, Instant now) {
    try {
      jdbc.sql("INSERT INTO nf_user (username, password_hash, roles, status, failed_attempts, fhir_user, created_at)"
              + " VALUES (?, ?, ?, 'ACTIVE', 0, ?, ?)")
          .params(username, passwordHash, rolesColumn(roles), fhirUser.orElse(null), Timestamp.from(now))
          .update();
      return true;
    } catch (org.springframework.dao.DuplicateKeyException e) {
      return false;
    }
  }

  /** Counts a failed login and locks the account once the count reaches {@code maxAttempts}. */
  public void recordFailure(String username, int maxAttempts, Instant lockUntil) {
    jdbc.sql("UPDATE nf_user SET failed_attempts = failed_attempts + 1,"
            + " locked_until = CASE WHEN failed_attempts + 1 >= ? THEN ? ELSE locked_until END WHERE username = ?")
        .params(maxAttempts, Timestamp.from(lockUntil), username)
        .update();
  }

  public void recordSuccess(String username, Instant now) {
    jdbc.sql("UPDATE nf_user SET failed_attempts = 0, locked_until = NULL, last_login = ? WHERE username = ?")
        .params(Timestamp.from(now), username)
        .update();
  }

  public boolean setStatus(String username, UserAccount.Status status) {
    return jdbc.sql("UPDATE nf_user SET status = ? WHERE username = ?").params(status.name(), username).update() == 1;
  }

  public boolean unlock(String username) {
    return jdbc.sql("UPDATE nf_user SET failed_attempts = 0, locked_until = NULL WHERE username = ?")
            .param(username)
            .update()
        == 1;
  }

  public boolean setPassword(String username, String passwordHash) {
    return jdbc.sql("UPDATE nf_user SET password_hash = ?, failed_attempts = 0, locked_until = NULL WHERE username = ?")
            .params(passwordHash, username)
            .update()
        == 1;
  }

  private static String rolesColumn(Set<Role> roles) {
    return roles.stream().map(Role::id).sorted().collect(Collectors.joining(" "));
  }

  private static UserAccount map(ResultSet rs, int row) throws SQLException {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    Arrays.stream(rs.getString("roles").split(" ")).map(Role::parse).flatMap(Optional::stream).forEach(roles::add);
    return new UserAccount(
        rs.getString("username"),
        rs.getString("password_hash"),
        roles,
        UserAccount.Status.valueOf(rs.getString("status")),
        rs.getInt("failed_attempts"),
        instant(rs.getTimestamp("locked_until")),
        instant(rs.getTimestamp("last_login")),
        Optional.ofNullable(rs.getString("fhir_user")));
  }

  private static Optional<Instant> instant(Timestamp t) {
    return Optional.ofNullable(t).map(Timestamp::toInstant);
  }
}
