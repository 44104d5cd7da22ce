package org.neurofhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.neurofhir.server.support.TestDatabase.isPostgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.NeuroFhirServerApplication;
import org.neurofhir.server.support.Poll;
import org.neurofhir.server.support.ServerTestBase;
import org.neurofhir.server.support.TestDatabaseInitializer;
import org.neurofhir.server.support.TestTokens;
import org.neurofhir.server.support.TestTokens.TokenResponse;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * OAuth2 state lives in the database: a second server started later on the same database (a restart, or another
 * node behind a load balancer) accepts tokens issued by the first, continues its refresh tokens, publishes the
 * same keys and honours its revocations, and the other way round.
 */
class SecondNodeTest extends ServerTestBase {

  private static final String PASSWORD = "a-long-enough-password";

  /** Issued and revoked on the first node before the second one started. */
  private static TokenResponse revokedBeforeStart;
  private static TokenResponse issuedBeforeStart;
  private static ConfigurableApplicationContext second;
  /** HAPI's unique constraints as they were before the second node started (see uniqueConstraintsSurvive...). */
  private static Map<String, String> uniqueConstraintsBeforeStart;

  @Autowired JdbcClient jdbc;

  private TestTokens onSecond;

  @BeforeEach
  void startSecondNode() {
    synchronized (SecondNodeTest.class) {
      if (second == null) {
        revokedBeforeStart = userToken();
        assertThat(tokens().revoke(revokedBeforeStart.refreshToken())).isEqualTo(200);
        issuedBeforeStart = userToken();
        uniqueConstraintsBeforeStart = markUniqueConstraints();
        second = new SpringApplicationBuilder(NeuroFhirServerApplication.class)
            .profiles("test")
            .initializers(new TestDatabaseInitializer())
            // only the web tier is under test on the second node: no jobs taken from the shared queue
            .properties("server.port=0", "neurofhir.pipeline.workers=0")
            .run();
      }
    }
    int port = ((ServletWebServerApplicationContext) second).getWebServer().getPort();
    onSecond = new TestTokens("http://localhost:" + port);
  }

  @AfterAll
  static void stopSecondNode() {
    if (second != null) {
      second.close();
      second = null;
    }
  }

  /**
   * Hibernate's schema update drops and re-creates unique constraints by default: on every start, on tables of any
   * size, while other nodes write. A node's start must leave the existing ones alone. Identity of a constraint:
   * its OID on PostgreSQL; on H2 (no ids exposed) a comment set beforehand, which a re-created constraint lacks.
   */
  @Test
  void uniqueConstraintsSurviveAnotherNodesStart() {
    assertThat(uniqueConstraintsBeforeStart).isNotEmpty().containsKey(isPostgres() ? "idx_resver_id_ver" : "IDX_RESVER_ID_VER");
    assertThat(uniqueConstraints()).containsAllEntriesOf(uniqueConstraintsBeforeStart);
  }

  private Map<String, String> markUniqueConstraints() {
    if (!isPostgres()) {
      jdbc.sql("SELECT CONSTRAINT_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS WHERE CONSTRAINT_TYPE = 'UNIQUE'"
              + " AND TABLE_NAME LIKE 'HFJ%'").query(String.class).list()
          .forEach(name -> jdbc.sql("COMMENT ON CONSTRAINT PUBLIC.\"" + name + "\" IS 'before-second-node'").update());
    }
    return uniqueConstraints();
  }

  private Map<String, String> uniqueConstraints() {
    String sql = isPostgres()
        ? "SELECT c.conname AS name, CAST(c.oid AS text) AS identity FROM pg_constraint c"
            + " JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'u' AND t.relname LIKE 'hfj%'"
        : "SELECT CONSTRAINT_NAME AS name, REMARKS AS identity FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS"
            + " WHERE CONSTRAINT_TYPE = 'UNIQUE' AND TABLE_NAME LIKE 'HFJ%'";
    return jdbc.sql(sql)
        .query((rs, row) -> Map.entry(rs.getString("name"), String.valueOf(rs.getString("identity"))))
        .list().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
  }

  private TokenResponse userToken() {
    String username = unique("node-");
    tokens().createUser(username, PASSWORD, List.of("doctor"), null);
    TokenResponse t = tokens().authorizationCode(username, PASSWORD, TestTokens.STAFF_SCOPES);
    assertThat(t.status()).isEqualTo(200);
    return t;
  }

  private String secondBase() {
    return "http://localhost:" + ((ServletWebServerApplicationContext) second).getWebServer().getPort();
  }

  private int status(String base, String token) {
    try {
      return http.send(withToken(HttpRequest.newBuilder(URI.create(base + "/fhir/Patient?_count=1")), token).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> kids(String base) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/jwks")).build(),
        HttpResponse.BodyHandlers.ofString());
    List<String> kids = new ArrayList<>();
    new ObjectMapper().readTree(r.body()).get("keys").forEach(k -> kids.add(k.get("kid").asText()));
    return kids;
  }

  @Test
  void accessTokenIssuedBeforeTheSecondNodeStartedIsAcceptedThere() throws Exception {
    assertThat(status(secondBase(), issuedBeforeStart.accessToken())).isEqualTo(200);
    assertThat(status(secondBase(), adminToken())).isEqualTo(200);
  }

  /** Browser sessions live in the database (Spring Session JDBC): no sticky sessions needed in front of the nodes. */
  @Test
  void loginStartedOnOneNodeFinishesOnTheOther() throws Exception {
    String username = unique("login-");
    tokens().createUser(username, PASSWORD, List.of("doctor"), null);
    TokenResponse t = tokens().authorizationCode(username, PASSWORD, TestTokens.STAFF_SCOPES, secondBase());
    assertThat(t.status()).as(t.json().toString()).isEqualTo(200);
    assertThat(status(baseUrl(), t.accessToken())).isEqualTo(200);
  }

  @Test
  void bothNodesPublishTheSameKeys() throws Exception {
    assertThat(kids(secondBase())).isNotEmpty().containsExactlyInAnyOrderElementsOf(kids(baseUrl()));
  }

  @Test
  void refreshTokenIssuedByOneNodeIsRefreshedByTheOther() throws Exception {
    TokenResponse first = userToken();
    TokenResponse refreshed = onSecond.refresh(first.refreshToken());
    assertThat(refreshed.status()).as(refreshed.json().toString()).isEqualTo(200);
    assertThat(status(baseUrl(), refreshed.accessToken())).isEqualTo(200);
    assertThat(status(secondBase(), refreshed.accessToken())).isEqualTo(200);
    // rotation holds across nodes: the spent refresh token is refused by the node that issued it
    assertThat(tokens().refresh(first.refreshToken()).status()).isEqualTo(400);
  }

  @Test
  void tokensRevokedBeforeTheSecondNodeStartedStayRevokedThere() throws Exception {
    assertThat(status(secondBase(), revokedBeforeStart.accessToken())).isEqualTo(401);
    assertThat(onSecond.refresh(revokedBeforeStart.refreshToken()).status()).isEqualTo(400);
  }

  @Test
  void revocationOnOneNodeReachesTheOther() throws Exception {
    TokenResponse t = userToken();
    assertThat(status(secondBase(), t.accessToken())).isEqualTo(200);
    assertThat(onSecond.revoke(t.accessToken())).isEqualTo(200);
    assertThat(status(secondBase(), t.accessToken())).isEqualTo(401);
    // the first node re-reads revocations every revocation-sync-interval (200 ms in tests)
    Poll.until(Duration.ofSeconds(10), "revocation seen by the first node",
        () -> status(baseUrl(), t.accessToken()) == 401);
  }

  @Test
  void keyRotatedOnOneNodeIsUsedAndVerifiedByBoth() throws Exception {
    HttpResponse<String> rotated = http.send(authorized(HttpRequest.newBuilder(
            URI.create(secondBase() + "/admin/signing-keys/rotate?activate-after=0s")))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(rotated.statusCode()).isEqualTo(201);
    String newKid = new ObjectMapper().readTree(rotated.body()).get("kid").asText();
    String token = onSecond.clientCredentials(TestTokens.ADMIN_CLIENT, TestTokens.ADMIN_SECRET, null).accessToken();
    assertThat(com.nimbusds.jwt.SignedJWT.parse(token).getHeader().getKeyID()).isEqualTo(newKid);
    // the first node has not re-read the keys yet; the unknown kid makes it do so
    assertThat(status(baseUrl(), token)).isEqualTo(200);
    // tokens signed with the previous key stay valid on both
    assertThat(status(baseUrl(), issuedBeforeStart.accessToken())).isEqualTo(200);
    assertThat(status(secondBase(), issuedBeforeStart.accessToken())).isEqualTo(200);
    assertThat(kids(baseUrl())).contains(newKid);
  }
}
