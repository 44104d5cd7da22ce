package org.neurofhir.server.security;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMART on FHIR resource scope: {@code patient/Observation.rs}, {@code user/*.cruds}, {@code system/ImagingStudy.cu}.
 * SMART v1 forms ({@code .read}, {@code .write}, {@code .*}) are read as their v2 equivalents ({@code rs}, {@code cud},
 * {@code cruds}). A v2 scope with search parameters ({@code patient/Observation.rs?category=vital-signs}) is not
 * enforced parameter by parameter here: it grants nothing, rather than the whole type it names.
 */
public record SmartScope(Context context, String resourceType, Set<Interaction> interactions) {

  public enum Context {
    PATIENT,
    USER,
    SYSTEM
  }

  private static final Pattern SYNTAX =
      Pattern.compile("^(patient|user|system)/(\\*|[A-Z][A-Za-z]+)\\.(\\*|read|write|c?r?u?d?s?)(\\?.*)?$");

  public boolean appliesTo(String type) {
    return "*".equals(resourceType) || resourceType.equals(type);
  }

  /** The scope, or empty when the string is not a resource scope (openid, fhirUser, launch/patient, ...). */
  public static Optional<SmartScope> parse(String scope) {
    Matcher m = SYNTAX.matcher(scope);
    if (!m.matches() || m.group(3).isEmpty()) {
      return Optional.empty();
    }
    Context context = Context.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT));
    String perms = m.group(3);
    if (m.group(4) != null) {
      return Optional.of(new SmartScope(context, m.group(2), EnumSet.noneOf(Interaction.class)));
    }
    Set<Interaction> interactions =
        switch (perms) {
          case "*" -> EnumSet.allOf(Interaction.class);
          case "read" -> EnumSet.of(Interaction.READ, Interaction.SEARCH);
          case "write" -> EnumSet.of(Interaction.CREATE, Interaction.UPDATE, Interaction.DELETE);
          default -> Interaction.parse(perms);
        };
    return Optional.of(new SmartScope(context, m.group(2), interactions));
  }
}
