package org.neurofhir.server.fhir.search;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * The decimal numbers searches accept (number and quantity values, coordinates of {@code near}).
 *
 * <p>Why bounded: HAPI turns a search number into a range by its precision and, for quantities, into canonical UCUM
 * units through its plain decimal text; {@code 1e999999999} is a short request whose plain text is a billion
 * digits, which kept a core busy for minutes and ended in OutOfMemoryError. No measured clinical value needs more
 * than a handful of digits, so 30 significant digits and a magnitude within 10^±30 leave ample room.
 */
final class BoundedDecimal {

  static final int MAX_DIGITS = 30;
  static final int MAX_EXPONENT = 30;
  private static final int MAX_TEXT = 64;
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,4})?");

  private BoundedDecimal() {}

  static BigDecimal parse(String text) {
    if (text.isEmpty()) {
      throw new RefusedValue("a number is required");
    }
    if (text.length() > MAX_TEXT || !DECIMAL.matcher(text).matches()) {
      throw new RefusedValue("'" + Shown.value(text) + "' is not a decimal number");
    }
    BigDecimal value = new BigDecimal(text); // at most four exponent digits (pattern): cheap whatever they say
    checkBounds(value, text);
    return value;
  }

  /** For values HAPI already parsed (searches not made over HTTP: batch entries, conditional operations). */
  static void checkBounds(BigDecimal value, String shown) {
    BigDecimal significant = value.stripTrailingZeros();
    int magnitude = significant.signum() == 0 ? 0 : significant.precision() - significant.scale() - 1;
    if (significant.precision() > MAX_DIGITS || value.scale() > MAX_DIGITS + MAX_EXPONENT
        || value.scale() < -(MAX_DIGITS + MAX_EXPONENT) || Math.abs(magnitude) > MAX_EXPONENT) {
      throw new RefusedValue("'" + Shown.value(shown) + "' is outside the numbers searched (at most " + MAX_DIGITS
          + " significant digits, magnitude 1e-" + MAX_EXPONENT + " to 1e" + MAX_EXPONENT + ")");
    }
  }
}
