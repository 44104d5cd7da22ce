package org.neurofhir.server.fhir.search;

import java.util.ArrayList;
import java.util.List;

/** FHIR search values escape their separators ({@code \, \$ \|}) with a backslash: split only on the bare ones. */
final class EscapedText {

  private EscapedText() {}

  static List<String> split(String text, char separator) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        part.append(c).append(text.charAt(++i));
      } else if (c == separator) {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(c);
      }
    }
    parts.add(part.toString());
    return parts;
  }
}
