package org.neurofhir.server.security;

import java.util.EnumSet;
import java.util.Set;

/** The SMART v2 {@code cruds} letters. */
public enum Interaction {
  CREATE('c'),
  READ('r'),
  UPDATE('u'),
  DELETE('d'),
  SEARCH('s');

  private final char letter;

  Interaction(char letter) {
    this.letter = letter;
  }

  public char letter() {
    return letter;
  }

  public static Set<Interaction> parse(String letters) {
    EnumSet<Interaction> result = EnumSet.noneOf(Interaction.class);
    for (Interaction i : values()) {
      if (letters.indexOf(i.letter) >= 0) {
        result.add(i);
      }
    }
    return result;
  }

  public static Set<Interaction> all() {
    return EnumSet.allOf(Interaction.class);
  }
}
