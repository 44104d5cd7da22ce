package org.neurofhir.server.scheduling.reminder;

/** Addresses and numbers as logs show them: enough to tell two apart, not enough to contact anyone. */
final class Masking {

  private Masking() {}

  static String mask(String address) {
    int at = address.indexOf('@');
    if (at > 0) {
      return address.charAt(0) + "***" + address.substring(at);
    }
    int keep = Math.min(2, address.length());
    return "*".repeat(Math.max(0, address.length() - keep)) + address.substring(address.length() - keep);
  }
}
