package org.neurofhir.server.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Reads roles, scopes, {@code fhirUser} and the SMART launch patient from a validated JWT. Embedded tokens carry our role names in
 * {@code roles}; external issuers' role names go through {@code neurofhir.security.external.role-mapping}.
 */
public class CallerJwtConverter implements Converter<Jwt, AbstractAuthenticationToken> {

  private static final java.util.regex.Pattern FHIR_ID = java.util.regex.Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

  private final String rolesClaimPath;
  private final Map<String, String> roleMapping;
  private final String fhirUserClaim;

  public CallerJwtConverter(String rolesClaimPath, Map<String, String> roleMapping, String fhirUserClaim) {
    this.rolesClaimPath = rolesClaimPath;
    this.roleMapping = roleMapping;
    this.fhirUserClaim = fhirUserClaim;
  }

  @Override
  public AbstractAuthenticationToken convert(Jwt jwt) {
    Caller caller = callerOf(jwt);
    List<GrantedAuthority> authorities = new ArrayList<>();
    caller.roles().forEach(r -> authorities.add(new SimpleGrantedAuthority(r.authority())));
    scopeStrings(jwt).forEach(s -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + s)));
    return new CallerAuthenticationToken(jwt, authorities, caller);
  }

  Caller callerOf(Jwt jwt) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String external : stringsAt(jwt.getClaims(), rolesClaimPath)) {
      String mapped = roleMapping.getOrDefault(external, roleMapping.isEmpty() ? external : null);
      if (mapped != null) {
        Role.parse(mapped).ifPresent(roles::add);
      }
    }
    List<SmartScope> scopes =
        scopeStrings(jwt).stream().map(SmartScope::parse).flatMap(Optional::stream).toList();
    String clientId = Optional.ofNullable(jwt.getClaimAsString("client_id"))
        .or(() -> Optional.ofNullable(jwt.getClaimAsString("azp")))
        .orElse(jwt.getSubject());
    Optional<String> launchPatient = Optional.ofNullable(jwt.getClaimAsString("patient"))
        .filter(id -> FHIR_ID.matcher(id).matches()).map(id -> "Patient/" + id);
    return new Caller(jwt.getSubject(), clientId, roles, scopes,
        Optional.ofNullable(jwt.getClaimAsString(fhirUserClaim)), launchPatient);
  }

  private static Collection<String> scopeStrings(Jwt jwt) {
    Object scope = jwt.getClaims().getOrDefault("scope", jwt.getClaims().get("scp"));
    Set<String> result = new LinkedHashSet<>();
    if (scope instanceof String s) {
      for (String part : s.split(" ")) {
        if (!part.isBlank()) {
          result.add(part);
        }
      }
    } else if (scope instanceof Collection<?> c) {
      c.forEach(o -> result.add(String.valueOf(o)));
    }
    return result;
  }

  /** Strings at a dotted claim path ({@code realm_access.roles}); a single string counts as a list of one. */
  static List<String> stringsAt(Map<String, Object> claims, String path) {
    Object node = claims;
    for (String part : path.split("\\.")) {
      if (!(node instanceof Map<?, ?> map)) {
        return List.of();
      }
      node = map.get(part);
    }
    if (node instanceof Collection<?> c) {
      return c.stream().map(String::valueOf).toList();
    }
    return node == null ? List.of() : List.of(String.valueOf(node));
  }
}
