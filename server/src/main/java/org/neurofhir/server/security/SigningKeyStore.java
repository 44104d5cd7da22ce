package org.neurofhir.server.security;

import com.nimbusds.jose.jwk.RSAKey;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The embedded authorization server's signing keys in {@code nf_signing_key}, shared by every node; private keys
 * encrypted at rest when an encryption key is configured ({@link SigningKeyEncryption}).
 */
final class SigningKeyStore {

  /**
   * One key generation.
   *
   * @param activatesAt from then on, and until a newer generation activates, tokens are signed with this key
   */
  record StoredKey(String kid, int generation, Instant createdAt, Instant activatesAt, RSAKey jwk) {}

  private final JdbcClient jdbc;
  private final SigningKeyEncryption encryption;

  SigningKeyStore(JdbcClient jdbc, SigningKeyEncryption encryption) {
    this.jdbc = jdbc;
    this.encryption = encryption;
  }

  List<StoredKey> all() {
    return jdbc.sql("SELECT kid, generation, created_at, activates_at, jwk FROM nf_signing_key ORDER BY generation")
        .query((rs, row) -> new StoredKey(
            rs.getString("kid"),
            rs.getInt("generation"),
            rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("activates_at").toInstant(),
            parse(encryption.open(rs.getString("kid"), rs.getString("jwk")))))
        .list();
  }

  /** Stores the key unless its generation exists already (another node was first): then false. */
  boolean insertIfAbsent(StoredKey key) {
    try {
      jdbc.sql("INSERT INTO nf_signing_key (kid, generation, created_at, activates_at, jwk) VALUES (?, ?, ?, ?, ?)")
          .params(key.kid(), key.generation(), Timestamp.from(key.createdAt()), Timestamp.from(key.activatesAt()),
              encryption.seal(key.jwk().toJSONString()))
          .update();
      return true;
    } catch (DuplicateKeyException e) {
      return false;
    }
  }

  /**
   * Encrypts the rows stored in plain JSON (written before an encryption key was configured); every node may run it
   * at start, the condition makes a second run a no-op. Returns the number of rows encrypted.
   */
  int encryptPlainRows() {
    if (!encryption.enabled()) {
      return 0;
    }
    int n = 0;
    for (var row : jdbc.sql("SELECT kid, jwk FROM nf_signing_key").query((rs, i) -> new String[] {
        rs.getString("kid"), rs.getString("jwk")}).list()) {
      if (SigningKeyEncryption.isPlain(row[1])) {
        n += jdbc.sql("UPDATE nf_signing_key SET jwk = ? WHERE kid = ? AND jwk = ?")
            .params(encryption.seal(row[1]), row[0], row[1]).update();
      }
    }
    return n;
  }

  void delete(String kid) {
    jdbc.sql("DELETE FROM nf_signing_key WHERE kid = ?").param(kid).update();
  }

  private static RSAKey parse(String json) {
    try {
      return RSAKey.parse(json);
    } catch (ParseException e) {
      throw new IllegalStateException("nf_signing_key holds a key that is not an RSA JWK: " + e.getMessage(), e);
    }
  }
}
