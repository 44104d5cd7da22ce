package org.neurofhir.server.fhir.hygiene;

/**
 * Strict UTF-8 check (RFC 3629) over the bytes themselves: a decoder would allocate twice the body's size in
 * characters, which for a 50 MB body is heap the request body budget did not count.
 */
final class Utf8 {

  private Utf8() {}

  /** Offset of the first byte that is not part of well-formed UTF-8, or -1 when all are. */
  static int firstInvalidByte(byte[] b) {
    int i = 0;
    while (i < b.length) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        i++;
        continue;
      }
      int length;
      int min;
      int max = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
        min = 0x80;
      } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        min = c == 0xE0 ? 0xA0 : 0x80; // no overlong forms
        max = c == 0xED ? 0x9F : 0xBF; // no surrogates
      } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        min = c == 0xF0 ? 0x90 : 0x80;
        max = c == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
      } else {
        return i;
      }
      if (i + length > b.length) {
        return i;
      }
      int second = b[i + 1] & 0xFF;
      if (second < min || second > max) {
        return i;
      }
      for (int k = 2; k < length; k++) {
        int next = b[i + k] & 0xFF;
        if (next < 0x80 || next > 0xBF) {
          return i;
        }
      }
      i += length;
    }
    return -1;
  }
}
