package org.neurofhir.server.security;

import com.nimbusds.jose.jwk.RSAKey;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The embedded authorization server's signing keys in {@code nf_signing_key}, shared by every node. */
final class SigningKeyStore {

  /**
   * One key generation.
   *
   * @param activatesAt from then on, and until a newer generation activates, tokens are signed with this key
   */
  record StoredKey(String kid, int generation, Instant createdAt, Instant activatesAt, RSAKey jwk) {}

  private final JdbcClient jdbc;

  SigningKeyStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<StoredKey> all() {
    return jdbc.sql("SELECT kid, generation, created_at, activates_at, jwk FROM nf_signing_key ORDER BY generation")
        .query((rs, row) -> new StoredKey(
            rs.getString("kid"),
            rs.getInt("generation"),
            rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("activates_at").toInstant(),
            parse(rs.getString("jwk"))))
        .list();
  }

  /** Stores the key unless its generation exists already (another node was first): then false. */
  boolean insertIfAbsent(StoredKey key) {
    try {
      jdbc.sql("INSERT INTO nf_signing_key (kid, generation, created_at, activates_at, jwk) VALUES (?, ?, ?, ?, ?)")
          .params(key.kid(), key.generation(), Timestamp.from(key.createdAt()), Timestamp.from(key.activatesAt()),
              key.jwk().toJSONString())
          .update();
      return true;
    } catch (DuplicateKeyException e) {
      return false;
    }
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
