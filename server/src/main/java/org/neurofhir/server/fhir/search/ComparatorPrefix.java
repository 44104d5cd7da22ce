package org.neurofhir.server.fhir.search;

import java.util.Set;

/**
 * Splits the comparator prefix ({@code eq ne gt lt ge le sa eb ap}) off an ordered value (number, quantity, date).
 * A value starting with any other letters is refused here: HAPI would read the first two as an unknown prefix.
 */
final class ComparatorPrefix {

  private static final Set<String> PREFIXES = Set.of("eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap");

  private ComparatorPrefix() {}

  /** The value without its prefix. */
  static String strip(String value) {
    if (value.isEmpty() || !Character.isLetter(value.charAt(0))) {
      return value;
    }
    if (value.length() >= 2 && PREFIXES.contains(value.substring(0, 2))) {
      return value.substring(2);
    }
    throw new RefusedValue("'" + Shown.value(value) + "' starts with an unknown comparator (one of " 
        + String.join(", ", PREFIXES.stream().sorted().toList()) + ")");
  }
}
