package org.neurofhir.server.fhir.hygiene;

/**
 * What a FHIR string may hold (FHIR R4 "Datatypes", string): no control characters other than tab, carriage return
 * and line feed; valid Unicode, i.e. no UTF-16 surrogate without its pair (a database cannot encode one as UTF-8:
 * it used to fail the write with a 500); at most 1 MB.
 */
final class TextValueRules {

  /** FHIR: "Strings SHALL NOT exceed 1MB in size"; counted in characters, which is never more than the bytes. */
  static final int MAX_LENGTH = 1024 * 1024;

  private TextValueRules() {}

  /** Why {@code value} is refused, or null when it is acceptable. */
  static String problem(String value) {
    if (value.length() > MAX_LENGTH) {
      return "is longer than 1 MB (" + value.length() + " characters)";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        return String.format("contains the control character U+%04X at position %d", (int) c, i);
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
          continue;
        }
        return String.format("contains an unpaired UTF-16 surrogate U+%04X at position %d (not valid Unicode)", (int) c, i);
      }
      if (Character.isLowSurrogate(c)) {
        return String.format("contains an unpaired UTF-16 surrogate U+%04X at position %d (not valid Unicode)", (int) c, i);
      }
    }
    return null;
  }
}
