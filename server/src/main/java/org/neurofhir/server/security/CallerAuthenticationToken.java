package org.neurofhir.server.security;

import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** A validated bearer token together with the {@link Caller} read from it once per request. */
public class CallerAuthenticationToken extends JwtAuthenticationToken {

  private final transient Caller caller;

  public CallerAuthenticationToken(Jwt jwt, Collection<? extends GrantedAuthority> authorities, Caller caller) {
    super(jwt, authorities, caller.subject());
    this.caller = caller;
  }

  public Caller caller() {
    return caller;
  }

  /** The caller of the request being handled on this thread, if it presented a valid token. */
  public static java.util.Optional<Caller> current() {
    return SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthenticationToken t
        ? java.util.Optional.of(t.caller())
        : java.util.Optional.empty();
  }
}
