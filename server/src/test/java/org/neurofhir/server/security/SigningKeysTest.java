package org.neurofhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import liquibase.Liquibase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Signing keys as several nodes see them over one database (its own H2 here, so the clock can move): one key for
 * all, rotation by age and on request, publication before use and after retirement, and what a restart keeps.
 */
class SigningKeysTest {

  private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(30);

  private DriverManagerDataSource dataSource;
  private JdbcClient jdbc;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @BeforeEach
  void database() throws Exception {
    dataSource = new DriverManagerDataSource("jdbc:h2:mem:keys-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    try (Connection c = DriverManager.getConnection(dataSource.getUrl(), "sa", "")) {
      new Liquibase("db/changelog/db.changelog-master.yaml", new ClassLoaderResourceAccessor(), new JdbcConnection(c))
          .update("");
    }
    jdbc = JdbcClient.create(dataSource);
  }

  @AfterEach
  void close() {
    jdbc.sql("SHUTDOWN").update();
  }

  private SigningKeys node(Duration rotationInterval, Duration publishDelay) {
    return node(rotationInterval, publishDelay, SigningKeyEncryption.none());
  }

  private SigningKeys node(Duration rotationInterval, Duration publishDelay, SigningKeyEncryption encryption) {
    return new SigningKeys(new SigningKeyStore(jdbc, encryption),
        new SecurityProperties.SigningKeys(rotationInterval, publishDelay, Duration.ofMinutes(1), ""),
        TOKEN_LIFETIME, clock);
  }

  private static final String KEY_A = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  private static final String KEY_B = "HxwdHhkaGxwUFRYXEBESEwwNDg8ICQoLBAUGBwABAgM=";

  private List<String> storedJwks() {
    return jdbc.sql("SELECT jwk FROM nf_signing_key").query(String.class).list();
  }

  @Test
  void privateKeysAreEncryptedAtRestWhenAKeyIsConfigured() {
    SigningKeys first = node(Duration.ZERO, Duration.ZERO, SigningKeyEncryption.fromConfiguredKey(KEY_A));
    String token = sign(first);
    assertThat(storedJwks()).singleElement().satisfies(stored -> {
      // plaintext JSON would show quotes, which base64url never holds (a bare "RSA" can turn up in ciphertext)
      assertThat(stored).doesNotStartWith("{").doesNotContain("\"d\"").doesNotContain("\"kty\"");
      assertThat(stored.split("\\.")).hasSize(5); // JWE compact serialization
    });
    // another node with the same key reads it: verifies the token and signs with the same key
    SigningKeys second = node(Duration.ZERO, Duration.ZERO, SigningKeyEncryption.fromConfiguredKey(KEY_A));
    assertThat(verify(second, token).getSubject()).isEqualTo("s");
    assertThat(verify(first, sign(second)).getSubject()).isEqualTo("s");
  }

  @Test
  void keysStoredPlainAreEncryptedOnceAKeyIsConfigured() {
    SigningKeys before = node();
    String token = sign(before);
    assertThat(storedJwks()).singleElement().asString().startsWith("{");
    SigningKeyStore withKey = new SigningKeyStore(jdbc, SigningKeyEncryption.fromConfiguredKey(KEY_A));
    assertThat(withKey.encryptPlainRows()).isEqualTo(1);
    assertThat(withKey.encryptPlainRows()).isZero();
    assertThat(storedJwks()).singleElement().asString().doesNotStartWith("{");
    SigningKeys after = node(Duration.ZERO, Duration.ZERO, SigningKeyEncryption.fromConfiguredKey(KEY_A));
    assertThat(verify(after, token).getSubject()).isEqualTo("s");
  }

  @Test
  void encryptedKeysNeedTheRightKeyAndSayWhich() {
    sign(node(Duration.ZERO, Duration.ZERO, SigningKeyEncryption.fromConfiguredKey(KEY_A)));
    assertThatThrownBy(() -> new SigningKeyStore(jdbc, SigningKeyEncryption.fromConfiguredKey(KEY_B)).all())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be decrypted");
    assertThatThrownBy(() -> new SigningKeyStore(jdbc, SigningKeyEncryption.none()).all())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("encryption-key");
  }

  @Test
  void configuredKeyMustBe32BytesOfBase64() {
    assertThatThrownBy(() -> SigningKeyEncryption.fromConfiguredKey("not base64!"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("base64");
    assertThatThrownBy(() -> SigningKeyEncryption.fromConfiguredKey("c2hvcnQ="))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("32 bytes");
    assertThat(SigningKeyEncryption.fromConfiguredKey("").enabled()).isFalse();
  }

  private SigningKeys node() {
    return node(Duration.ZERO, Duration.ofMinutes(15));
  }

  private String sign(SigningKeys keys) {
    JwtClaimsSet claims = JwtClaimsSet.builder().subject("s").issuedAt(clock.instant())
        .expiresAt(clock.instant().plus(TOKEN_LIFETIME)).build();
    return new NimbusJwtEncoder(keys.signingSource())
        .encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims)).getTokenValue();
  }

  /** Signature only: the clock of these tests is not the JVM's, so expiry is not what is under test. */
  private static Jwt verify(SigningKeys keys, String token) {
    NimbusJwtDecoder decoder = (NimbusJwtDecoder) org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
    decoder.setJwtValidator(jwt -> org.springframework.security.oauth2.core.OAuth2TokenValidatorResult.success());
    return decoder.decode(token);
  }

  private static List<String> published(SigningKeys keys) {
    return keys.get(new JWKSelector(new JWKMatcher.Builder().build()), null).stream().map(JWK::getKeyID).toList();
  }

  private static String kid(String token) {
    try {
      return com.nimbusds.jwt.SignedJWT.parse(token).getHeader().getKeyID();
    } catch (java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void nodesStartedOnOneDatabaseShareOneKey() throws Exception {
    // two nodes starting at once on an empty database: one creates the key, the other uses it
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Callable<String> start = () -> kid(sign(node()));
      Future<String> a = pool.submit(start);
      Future<String> b = pool.submit(start);
      assertThat(a.get()).isEqualTo(b.get());
    } finally {
      pool.shutdown();
    }
    assertThat(jdbc.sql("SELECT COUNT(*) FROM nf_signing_key").query(Integer.class).single()).isEqualTo(1);
  }

  @Test
  void aRestartedNodeVerifiesTokensSignedBeforeTheRestart() {
    String token = sign(node());
    SigningKeys restarted = node();
    assertThat(verify(restarted, token).getSubject()).isEqualTo("s");
    assertThat(kid(sign(restarted))).isEqualTo(kid(token));
  }

  @Test
  void rotationSignsWithTheNewKeyAndKeepsVerifyingTheOld() {
    SigningKeys a = node();
    String before = sign(a);
    SigningKeys.KeyView rotated = a.rotate(Duration.ZERO);
    String after = sign(a);
    assertThat(kid(after)).isEqualTo(rotated.kid()).isNotEqualTo(kid(before));
    SigningKeys b = node();
    assertThat(verify(b, before).getSubject()).isEqualTo("s");
    assertThat(verify(b, after).getSubject()).isEqualTo("s");
    assertThat(published(b)).containsExactly(kid(before), kid(after));
  }

  @Test
  void aNewKeyIsPublishedBeforeItSigns() {
    SigningKeys a = node();
    String current = kid(sign(a));
    SigningKeys.KeyView pending = a.rotate(Duration.ofMinutes(15));
    assertThat(pending.state()).isEqualTo("pending");
    assertThat(published(a)).contains(current, pending.kid());
    assertThat(kid(sign(a))).isEqualTo(current);
    clock.advance(Duration.ofMinutes(16));
    assertThat(kid(sign(a))).isEqualTo(pending.kid());
  }

  @Test
  void aRetiredKeyIsDroppedOnceItsLastTokenHasExpired() {
    SigningKeys a = node();
    String old = sign(a);
    a.rotate(Duration.ZERO);
    clock.advance(TOKEN_LIFETIME);
    assertThat(published(node())).contains(kid(old));
    clock.advance(Duration.ofMinutes(2));
    SigningKeys later = node();
    assertThat(published(later)).doesNotContain(kid(old)).hasSize(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> verify(later, old)).isInstanceOf(JwtException.class);
    assertThat(jdbc.sql("SELECT COUNT(*) FROM nf_signing_key").query(Integer.class).single()).isEqualTo(1);
  }

  @Test
  void keysRotateByAgeOnceForAllNodes() {
    SigningKeys a = node(Duration.ofDays(90), Duration.ofMinutes(15));
    SigningKeys b = node(Duration.ofDays(90), Duration.ofMinutes(15));
    String first = kid(sign(a));
    assertThat(kid(sign(b))).isEqualTo(first);
    clock.advance(Duration.ofDays(90));
    // both notice the age at their next refresh; only one new generation is made, published first
    assertThat(kid(sign(a))).isEqualTo(first);
    assertThat(kid(sign(b))).isEqualTo(first);
    assertThat(a.keys()).hasSize(2);
    assertThat(published(b)).hasSize(2);
    clock.advance(Duration.ofMinutes(16));
    String second = kid(sign(a));
    assertThat(second).isNotEqualTo(first);
    assertThat(kid(sign(b))).isEqualTo(second);
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
