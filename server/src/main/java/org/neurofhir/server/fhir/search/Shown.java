package org.neurofhir.server.fhir.search;

/** How a refused value is quoted back: short, so an answer never echoes a megabyte the caller sent. */
final class Shown {

  private static final int MAX = 60;

  private Shown() {}

  static String value(String text) {
    return text.length() <= MAX ? text : text.substring(0, MAX) + "...";
  }
}
