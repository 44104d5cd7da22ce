package org.neurofhir.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Bearer secrets that live in URLs (calendar feeds, SMART launch ids): 32 random bytes, URL-safe, and the SHA-256
 * that is all the database keeps of them, so that a copy of the database opens nothing.
 */
public final class SecretTokens {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SHAPE = "[A-Za-z0-9_-]{43}";

  private SecretTokens() {}

  public static String newToken() {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /** Whether this can be a token made by {@link #newToken()} (checked before any lookup). */
  public static boolean wellFormed(String token) {
    return token != null && token.matches(SHAPE);
  }

  public static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
