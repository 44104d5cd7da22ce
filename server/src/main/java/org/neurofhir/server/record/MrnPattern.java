package org.neurofhir.server.record;

import java.time.Year;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A record number pattern such as {@code NF-{year}-{number:6}}; refused at start-up when it has no number. */
final class MrnPattern {

  private static final Pattern NUMBER = Pattern.compile("\\{number(?::(\\d{1,2}))?}");

  private final String pattern;

  MrnPattern(String pattern) {
    Matcher m = NUMBER.matcher(pattern);
    if (!m.find()) {
      throw new IllegalArgumentException("neurofhir.record.mrn-pattern '" + pattern
          + "' has no {number} (or {number:WIDTH}): record numbers would not be unique");
    }
    if (pattern.replaceAll(NUMBER.pattern(), "").replace("{year}", "").matches(".*[{}\\s|,].*")) {
      throw new IllegalArgumentException("neurofhir.record.mrn-pattern '" + pattern
          + "' may hold only {year}, {number[:WIDTH]} and text without braces, spaces, '|' or ','");
    }
    this.pattern = pattern;
  }

  String format(long number, Year year) {
    Matcher m = NUMBER.matcher(pattern.replace("{year}", year.toString()));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      int width = m.group(1) == null ? 1 : Integer.parseInt(m.group(1));
      m.appendReplacement(out, String.format("%0" + width + "d", number));
    }
    m.appendTail(out);
    return out.toString();
  }
}
