package org.neurofhir.server.fhir.search;

import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Date search values: a comparator prefix, then a FHIR date or dateTime ({@code YYYY}, {@code YYYY-MM},
 * {@code YYYY-MM-DD}, or a day with {@code Thh:mm[:ss[.fff]]} and an optional zone), with each field in range.
 * The zone's {@code +} may arrive as a space when a client did not escape it in the URL.
 */
final class DateValue {

  private static final Pattern DATE = Pattern.compile(
      "(\\d{4})(?:-(\\d{2})(?:-(\\d{2})(?:T(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.\\d{1,9})?)?"
          + "(Z|[+\\- ](\\d{2}):(\\d{2}))?)?)?)?");

  private DateValue() {}

  static void check(String value) {
    String date = ComparatorPrefix.strip(value);
    Matcher m = DATE.matcher(date);
    if (!m.matches()) {
      throw new RefusedValue("'" + Shown.value(date) + "' is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or "
          + "YYYY-MM-DDThh:mm:ss with an optional zone)");
    }
    int year = Integer.parseInt(m.group(1));
    inRange(date, year, 1, 9999);
    if (m.group(2) != null) {
      int month = Integer.parseInt(m.group(2));
      inRange(date, month, 1, 12);
      if (m.group(3) != null) {
        inRange(date, Integer.parseInt(m.group(3)), 1, YearMonth.of(year, month).lengthOfMonth());
      }
    }
    if (m.group(4) != null) {
      inRange(date, Integer.parseInt(m.group(4)), 0, 23);
      inRange(date, Integer.parseInt(m.group(5)), 0, 59);
    }
    if (m.group(6) != null) {
      inRange(date, Integer.parseInt(m.group(6)), 0, 59);
    }
    if (m.group(8) != null) {
      inRange(date, Integer.parseInt(m.group(8)), 0, 14);
      inRange(date, Integer.parseInt(m.group(9)), 0, 59);
    }
  }

  private static void inRange(String date, int field, int min, int max) {
    if (field < min || field > max) {
      throw new RefusedValue("'" + Shown.value(date) + "' is not a calendar date and time");
    }
  }
}
