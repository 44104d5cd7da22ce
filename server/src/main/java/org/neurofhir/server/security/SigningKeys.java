package org.neurofhir.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.neurofhir.server.security.SigningKeyStore.StoredKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token signing keys of the embedded authorization server, kept in the database so that every node signs and
 * verifies with the same keys and a restart keeps tokens valid.
 *
 * <p>As a {@link JWKSource} this is the published set ({@code /oauth2/jwks}, token verification): the current key,
 * a newer key that is not active yet (published before use, so verifiers already know it when tokens appear), and
 * retired keys until the last token they signed has expired. {@link #signingSource()} holds only the current key.
 * Each node re-reads the table every {@code refresh-interval}, and at once when a token names a key it does not
 * know (a node that rotated a moment ago), at most once a second.
 */
public class SigningKeys implements JWKSource<SecurityContext> {

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
  private static final Duration UNKNOWN_KID_RELOAD_PAUSE = Duration.ofSeconds(1);

  /** What an admin sees of a key (never the private part). */
  public record KeyView(String kid, int generation, Instant createdAt, Instant activatesAt, String state) {}

  private record Snapshot(List<StoredKey> keys, Instant loadedAt) {}

  private final SigningKeyStore store;
  private final SecurityProperties.SigningKeys settings;
  private final Duration retention;
  private final Clock clock;
  private volatile Snapshot snapshot;

  /**
   * @param longestTokenLifetime how long a token signed by a key may live: that key stays published this long
   *     after it stops signing
   */
  SigningKeys(SigningKeyStore store, SecurityProperties.SigningKeys settings, Duration longestTokenLifetime, Clock clock) {
    this.store = store;
    this.settings = settings;
    // a minute of slack for clocks between nodes and verifiers
    this.retention = longestTokenLifetime.plusMinutes(1);
    this.clock = clock;
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) {
    Snapshot s = fresh();
    List<JWK> found = selector.select(new JWKSet(published(s)));
    Set<String> wanted = selector.getMatcher().getKeyIDs();
    if (found.isEmpty() && wanted != null && !wanted.isEmpty()
        && s.keys().stream().noneMatch(k -> wanted.contains(k.kid()))
        && clock.instant().isAfter(s.loadedAt().plus(UNKNOWN_KID_RELOAD_PAUSE))) {
      found = selector.select(new JWKSet(published(reload())));
    }
    return found;
  }

  /** The one key new tokens are signed with. */
  public JWKSource<SecurityContext> signingSource() {
    return (selector, context) -> selector.select(new JWKSet(current(fresh()).jwk()));
  }

  /**
   * Adds a new key generation that signs from {@code activateAfter} on; the previous key keeps verifying the tokens
   * it signed. If another node rotated at the same moment, its key is kept and returned instead.
   */
  public synchronized KeyView rotate(Duration activateAfter) {
    List<StoredKey> keys = store.all();
    int next = keys.stream().mapToInt(StoredKey::generation).max().orElse(0) + 1;
    if (!store.insertIfAbsent(newKey(next, activateAfter))) {
      log.info("Signing key generation {} was added by another node", next);
    }
    Snapshot s = reload();
    StoredKey added = s.keys().stream().filter(k -> k.generation() == next).findFirst().orElseThrow();
    return view(added, s);
  }

  /** Every stored key, oldest first, with its state. */
  public List<KeyView> keys() {
    Snapshot s = reload();
    return s.keys().stream().map(k -> view(k, s)).toList();
  }

  private Snapshot fresh() {
    Snapshot s = snapshot;
    if (s == null || !clock.instant().isBefore(s.loadedAt().plus(settings.refreshInterval()))) {
      s = reload();
    }
    return s;
  }

  private synchronized Snapshot reload() {
    Instant now = clock.instant();
    List<StoredKey> keys = store.all();
    if (keys.isEmpty()) {
      // the first node to start on an empty database creates generation 1; the others read it back
      store.insertIfAbsent(newKey(1, Duration.ZERO));
      keys = store.all();
    }
    StoredKey newest = keys.get(keys.size() - 1);
    if (!settings.rotationInterval().isZero()
        && !now.isBefore(newest.createdAt().plus(settings.rotationInterval()))) {
      if (store.insertIfAbsent(newKey(newest.generation() + 1, settings.publishDelay()))) {
        log.info("Signing key rotated (older than {}); the new key signs from {}", settings.rotationInterval(),
            now.plus(settings.publishDelay()));
      }
      keys = store.all();
    }
    Snapshot s = new Snapshot(List.copyOf(keys), now);
    for (StoredKey k : keys) {
      if (state(k, s).equals("expired")) {
        store.delete(k.kid());
      }
    }
    snapshot = s;
    return s;
  }

  private List<JWK> published(Snapshot s) {
    List<JWK> result = new ArrayList<>();
    for (StoredKey k : s.keys()) {
      if (!state(k, s).equals("expired")) {
        result.add(k.jwk());
      }
    }
    return result;
  }

  private static StoredKey current(Snapshot s) {
    StoredKey current = s.keys().get(0);
    for (StoredKey k : s.keys()) {
      if (!k.activatesAt().isAfter(s.loadedAt())) {
        current = k;
      }
    }
    return current;
  }

  /** pending (published, not signing yet), current, retired (published, verifying only) or expired. */
  private String state(StoredKey key, Snapshot s) {
    StoredKey current = current(s);
    if (key == current) {
      return "current";
    }
    if (key.generation() > current.generation()) {
      return "pending";
    }
    Optional<Instant> retiredAt = s.keys().stream()
        .filter(k -> k.generation() > key.generation() && !k.activatesAt().isAfter(s.loadedAt()))
        .map(StoredKey::activatesAt)
        .min(Instant::compareTo);
    return retiredAt.filter(at -> !s.loadedAt().isBefore(at.plus(retention))).isPresent() ? "expired" : "retired";
  }

  private KeyView view(StoredKey k, Snapshot s) {
    return new KeyView(k.kid(), k.generation(), k.createdAt(), k.activatesAt(), state(k, s));
  }

  private StoredKey newKey(int generation, Duration activateAfter) {
    Instant now = clock.instant();
    try {
      RSAKey jwk = new RSAKeyGenerator(2048)
          .keyID(UUID.randomUUID().toString())
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256)
          .generate();
      return new StoredKey(jwk.getKeyID(), generation, now, now.plus(activateAfter), jwk);
    } catch (JOSEException e) {
      throw new IllegalStateException("RSA key generation failed", e);
    }
  }
}
