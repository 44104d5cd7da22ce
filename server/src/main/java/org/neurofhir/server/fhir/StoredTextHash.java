package org.neurofhir.server.fhir;

import com.google.common.hash.HashCode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 that HAPI keeps with each stored version (and compares to tell an unchanged re-send from a new
 * version): Guava's {@code Hashing.sha256().hashUnencodedChars(text)}, i.e. the digest of every char as two
 * little-endian bytes. Guava feeds the digest two bytes per call, which made the hash 3 % of an import's request
 * thread (JFR); here the same bytes go in blocks of 4,096 chars.
 */
public final class StoredTextHash {

  private static final int CHARS_PER_BLOCK = 4096;

  private StoredTextHash() {}

  public static HashCode of(CharSequence text) {
    MessageDigest digest = sha256();
    int length = text.length();
    byte[] block = new byte[2 * Math.min(length, CHARS_PER_BLOCK)];
    for (int start = 0; start < length; start += CHARS_PER_BLOCK) {
      int end = Math.min(length, start + CHARS_PER_BLOCK);
      int at = 0;
      for (int i = start; i < end; i++) {
        char c = text.charAt(i);
        block[at++] = (byte) c;
        block[at++] = (byte) (c >>> 8);
      }
      digest.update(block, 0, at);
    }
    return HashCode.fromBytes(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
