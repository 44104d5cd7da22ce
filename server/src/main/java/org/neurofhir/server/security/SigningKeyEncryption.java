package org.neurofhir.server.security;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import java.text.ParseException;
import java.util.Base64;

/**
 * The private signing keys as stored in {@code nf_signing_key.jwk}: a JWE (direct AES-256-GCM) under the key of
 * {@code neurofhir.security.signing-keys.encryption-key}, so a copy of the database or of a backup alone cannot sign
 * tokens; plain JWK JSON when no key is configured. Rows written before a key was configured stay readable (a JWK is
 * JSON, a JWE compact string never starts with '{') and are encrypted at the next start.
 */
final class SigningKeyEncryption {

  private static final JWEHeader HEADER = new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM);

  private final byte[] key;

  private SigningKeyEncryption(byte[] key) {
    this.key = key;
  }

  static SigningKeyEncryption none() {
    return new SigningKeyEncryption(null);
  }

  /** @param base64Key 32 random bytes, base64 (e.g. {@code openssl rand -base64 32}); blank = no encryption */
  static SigningKeyEncryption fromConfiguredKey(String base64Key) {
    if (base64Key == null || base64Key.isBlank()) {
      return none();
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64Key.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("neurofhir.security.signing-keys.encryption-key is not base64: " + e.getMessage());
    }
    if (key.length != 32) {
      throw new IllegalStateException("neurofhir.security.signing-keys.encryption-key must be 32 bytes (base64 of "
          + "`openssl rand -base64 32`), not " + key.length);
    }
    return new SigningKeyEncryption(key);
  }

  boolean enabled() {
    return key != null;
  }

  static boolean isPlain(String stored) {
    return stored.startsWith("{");
  }

  String seal(String jwkJson) {
    if (key == null) {
      return jwkJson;
    }
    try {
      JWEObject jwe = new JWEObject(HEADER, new Payload(jwkJson));
      jwe.encrypt(new DirectEncrypter(key));
      return jwe.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot encrypt a signing key: " + e.getMessage(), e);
    }
  }

  String open(String kid, String stored) {
    if (isPlain(stored)) {
      return stored;
    }
    if (key == null) {
      throw new IllegalStateException("signing key " + kid + " in nf_signing_key is encrypted: set "
          + "neurofhir.security.signing-keys.encryption-key (NEUROFHIR_SECURITY_SIGNINGKEYS_ENCRYPTIONKEY) to the key "
          + "the other nodes use");
    }
    try {
      JWEObject jwe = JWEObject.parse(stored);
      jwe.decrypt(new DirectDecrypter(key));
      return jwe.getPayload().toString();
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException("signing key " + kid + " in nf_signing_key cannot be decrypted with the "
          + "configured neurofhir.security.signing-keys.encryption-key (not the key it was encrypted with?)", e);
    }
  }
}
