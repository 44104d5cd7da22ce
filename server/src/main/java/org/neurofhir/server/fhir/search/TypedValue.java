package org.neurofhir.server.fhir.search;

import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The grammar of one value (one of a comma-separated list) of a search parameter, by the parameter's type.
 * Composite values are split by {@link SearchParameterCheck}, which knows their components.
 */
final class TypedValue {

  /** Longest value of any one search term: longer ones are not identifiers, codes or names anyone stores. */
  static final int MAX_LENGTH = 1024;

  private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
  private static final Pattern RELATIVE_REFERENCE =
      Pattern.compile("[A-Z][A-Za-z]{1,63}/[A-Za-z0-9\\-.]{1,64}(/_history/[A-Za-z0-9\\-.]{1,64})?");
  private static final Pattern ABSOLUTE = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*:\\S+");
  private static final Pattern NO_SPACE = Pattern.compile("\\S+");
  private static final Set<String> REFERENCE_MODIFIERS_WITH_URLS = Set.of("above", "below");
  private static final Set<String> SUBSUMPTION = Set.of("above", "below");

  private TypedValue() {}

  static void check(RestSearchParameterTypeEnum type, String name, String value, String modifier) {
    if (value.length() > MAX_LENGTH) {
      throw new RefusedValue("values are at most " + MAX_LENGTH + " characters");
    }
    switch (type) {
      case NUMBER -> BoundedDecimal.parse(ComparatorPrefix.strip(value));
      case QUANTITY -> quantity(value);
      case DATE -> DateValue.check(value);
      case TOKEN -> token(value, modifier);
      case REFERENCE -> reference(value, modifier);
      case URI -> uri(value);
      case SPECIAL -> special(name, value);
      default -> { } // string: any text within the length limit
    }
  }

  private static void quantity(String value) {
    List<String> parts = EscapedText.split(value, '|');
    if (parts.size() > 3) {
      throw new RefusedValue("a quantity is [prefix]number[|system|code]");
    }
    BoundedDecimal.parse(ComparatorPrefix.strip(parts.get(0)));
  }

  private static void token(String value, String modifier) {
    int allowedBars = "of-type".equals(modifier) ? 2 : 1;
    List<String> parts = EscapedText.split(value, '|');
    if (parts.size() > allowedBars + 1) {
      throw new RefusedValue("a token is [system|]code (escape a '|' inside a code as '\\|')");
    }
    // subsumption is within one code system; without it HAPI 8.8 guesses the system from the parameter's path and
    // fails (500) on paths it cannot follow, such as our extension-based mr-sequence-type
    if (modifier != null && SUBSUMPTION.contains(modifier) && (parts.size() != 2 || parts.get(0).isEmpty())) {
      throw new RefusedValue(":" + modifier + " compares codes within one code system: give the value as system|code");
    }
  }

  private static void reference(String value, String modifier) {
    if ("identifier".equals(modifier)) {
      token(value, null);
      return;
    }
    if (modifier != null && (REFERENCE_MODIFIERS_WITH_URLS.contains(modifier) || "text".equals(modifier))) {
      return;
    }
    if (!FHIR_ID.matcher(value).matches() && !RELATIVE_REFERENCE.matcher(value).matches()
        && !ABSOLUTE.matcher(value).matches()) {
      throw new RefusedValue("'" + Shown.value(value) + "' is not a reference (id, Type/id or an absolute URL)");
    }
  }

  private static void uri(String value) {
    if (!NO_SPACE.matcher(value).matches()) {
      throw new RefusedValue("a URI has no spaces and is not empty");
    }
  }

  private static void special(String name, String value) {
    if (!"near".equals(name)) {
      return;
    }
    // latitude|longitude|distance|units (distance and units optional)
    List<String> parts = EscapedText.split(value, '|');
    if (parts.size() < 2 || parts.size() > 4) {
      throw new RefusedValue("near is latitude|longitude[|distance|units]");
    }
    checkRange(BoundedDecimal.parse(parts.get(0)).doubleValue(), 90, "latitude");
    checkRange(BoundedDecimal.parse(parts.get(1)).doubleValue(), 180, "longitude");
    if (parts.size() > 2 && !parts.get(2).isEmpty()) {
      BoundedDecimal.parse(ComparatorPrefix.strip(parts.get(2)));
    }
  }

  private static void checkRange(double degrees, double limit, String what) {
    if (Math.abs(degrees) > limit) {
      throw new RefusedValue(what + " is between -" + (int) limit + " and " + (int) limit);
    }
  }
}
