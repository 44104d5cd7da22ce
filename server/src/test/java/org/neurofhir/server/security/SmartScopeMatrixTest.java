package org.neurofhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neurofhir.server.support.SecurityFixtures;
import org.neurofhir.server.support.ServerTestBase;
import org.neurofhir.server.support.TestTokens;

/**
 * SMART scopes letter by letter: each cell is one request with a token carrying exactly that scope, asserting
 * the exact status. {@code r} and {@code s} are separate, {@code u} without {@code c} creates nothing, v1
 * {@code .read}/{@code .write} are {@code rs}/{@code cud}, a scope with search parameters grants nothing, and
 * {@code patient/} scopes reach only the caller's own compartment.
 */
class SmartScopeMatrixTest extends ServerTestBase {

  enum Op { READ, SEARCH, CREATE, UPDATE, DELETE }

  private static final Map<String, Fixture> FIXTURES = new ConcurrentHashMap<>();

  record Fixture(String patientId, Map<String, String> ids) {}

  private SecurityFixtures resources;
  private Fixture fixture;

  @BeforeEach
  void setUp() {
    resources = new SecurityFixtures(FHIR, http, fhirBase());
    fixture = FIXTURES.computeIfAbsent(baseUrl(), k -> {
      String patientId = SecurityFixtures.newId("sc-pat");
      resources.put(SecurityFixtures.patient(patientId), adminToken());
      Map<String, String> ids = new ConcurrentHashMap<>(Map.of("Patient", patientId));
      for (String type : List.of("Observation", "ImagingStudy")) {
        String id = SecurityFixtures.newId("sc-" + type.toLowerCase());
        resources.put(SecurityFixtures.ofType(type, id, patientId), adminToken());
        ids.put(type, id);
      }
      return new Fixture(patientId, ids);
    });
  }

  static Stream<Arguments> cells() {
    return Stream.of(
        // who, scope, type, op, expected status
        cell("system", "system/Observation.rs", "Observation", Op.READ, 200),
        cell("system", "system/Observation.rs", "Observation", Op.SEARCH, 200),
        cell("system", "system/Observation.rs", "Observation", Op.CREATE, 403),
        cell("system", "system/Observation.rs", "Observation", Op.UPDATE, 403),
        cell("system", "system/Observation.rs", "Observation", Op.DELETE, 403),
        cell("system", "system/Observation.r", "Observation", Op.READ, 200),
        cell("system", "system/Observation.r", "Observation", Op.SEARCH, 403),
        cell("system", "system/Observation.s", "Observation", Op.READ, 403),
        cell("system", "system/Observation.s", "Observation", Op.SEARCH, 200),
        cell("system", "system/Observation.read", "Observation", Op.READ, 200),
        cell("system", "system/Observation.read", "Observation", Op.SEARCH, 200),
        cell("system", "system/Observation.read", "Observation", Op.CREATE, 403),
        cell("system", "system/Observation.write", "Observation", Op.CREATE, 201),
        cell("system", "system/Observation.write", "Observation", Op.UPDATE, 200),
        cell("system", "system/Observation.write", "Observation", Op.DELETE, 200),
        cell("system", "system/Observation.write", "Observation", Op.READ, 403),
        cell("system", "system/Observation.write", "Observation", Op.SEARCH, 403),
        cell("system", "system/Observation.rs?category=vital-signs", "Observation", Op.READ, 403),
        cell("system", "system/Observation.rs?category=vital-signs", "Observation", Op.SEARCH, 403),
        // a PACS bridge: writes imaging studies, reads nothing
        cell("system", "system/ImagingStudy.cu", "ImagingStudy", Op.CREATE, 201),
        cell("system", "system/ImagingStudy.cu", "ImagingStudy", Op.UPDATE, 200),
        cell("system", "system/ImagingStudy.cu", "ImagingStudy", Op.READ, 403),
        cell("system", "system/ImagingStudy.cu", "ImagingStudy", Op.SEARCH, 403),
        cell("system", "system/ImagingStudy.cu", "ImagingStudy", Op.DELETE, 403),
        cell("system", "system/ImagingStudy.cu", "Patient", Op.READ, 403),
        cell("system", "system/ImagingStudy.cu", "Patient", Op.SEARCH, 403),
        cell("system", "system/ImagingStudy.cu", "Observation", Op.CREATE, 403),
        cell("system", "system/ImagingStudy.u", "ImagingStudy", Op.UPDATE, 200),
        cell("system", "system/ImagingStudy.u", "ImagingStudy", Op.CREATE, 403),
        cell("system", "system/ImagingStudy.c", "ImagingStudy", Op.CREATE, 201),
        cell("system", "system/ImagingStudy.c", "ImagingStudy", Op.UPDATE, 403),
        // a patient's app: their own observations, read and search only
        cell("patient", "patient/Observation.rs", "Observation", Op.READ, 200),
        cell("patient", "patient/Observation.rs", "Observation", Op.SEARCH, 200),
        cell("patient", "patient/Observation.rs", "Observation", Op.CREATE, 403),
        cell("patient", "patient/Observation.rs", "Observation", Op.UPDATE, 403),
        cell("patient", "patient/Observation.rs", "Patient", Op.READ, 403),
        cell("patient", "patient/Observation.rs", "ImagingStudy", Op.SEARCH, 403),
        // a doctor's app: user/ scopes narrow the role; patient/ scopes need a patient, which a doctor is not
        cell("doctor", "user/Observation.rs", "Observation", Op.READ, 200),
        cell("doctor", "user/Observation.rs", "Observation", Op.SEARCH, 200),
        cell("doctor", "user/Observation.rs", "Observation", Op.CREATE, 403),
        cell("doctor", "user/Observation.rs", "Patient", Op.READ, 403),
        cell("doctor", "patient/Observation.rs", "Observation", Op.READ, 403),
        cell("doctor", "patient/Observation.rs", "Observation", Op.SEARCH, 403));
  }

  private static Arguments cell(String who, String scope, String type, Op op, int status) {
    return Arguments.of(who, scope, type, op, status);
  }

  private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

  private String token(String who, String scope) {
    return TOKENS.computeIfAbsent(baseUrl() + "|" + who + "|" + scope, k -> {
      TestTokens t = tokens();
      TestTokens.TokenResponse r = switch (who) {
        case "system" -> t.clientCredentials("test-scoped", "test-scoped-secret", scope);
        case "patient" -> {
          String username = unique("sc-patient-");
          t.createUser(username, TestTokens.USER_PASSWORD, List.of("patient"), "Patient/" + fixture.patientId());
          yield t.authorizationCode(username, TestTokens.USER_PASSWORD, "openid fhirUser " + scope);
        }
        default -> {
          String username = unique("sc-" + who + "-");
          t.createUser(username, TestTokens.USER_PASSWORD, List.of(who), null);
          yield t.authorizationCode(username, TestTokens.USER_PASSWORD, "openid fhirUser " + scope);
        }
      };
      assertThat(r.status()).as("token for %s %s: %s", who, scope, r.json()).isEqualTo(200);
      return r.accessToken();
    });
  }

  @ParameterizedTest(name = "{0} {1}: {3} {2} -> {4}")
  @MethodSource("cells")
  void statusMatchesTheScope(String who, String scope, String type, Op op, int expected) {
    String token = token(who, scope);
    String patientId = fixture.patientId();
    HttpResponse<String> r = switch (op) {
      case READ -> resources.send("GET", type + "/" + fixture.ids().get(type), null, token);
      case SEARCH -> resources.send("GET", type + "?_count=5", null, token);
      case CREATE -> {
        IBaseResource fresh = SecurityFixtures.ofType(type, "unused", patientId);
        fresh.setId((String) null);
        yield resources.send("POST", type, FHIR.newJsonParser().encodeResourceToString(fresh), token);
      }
      case UPDATE -> {
        String id = fixture.ids().get(type);
        IBaseResource same = SecurityFixtures.ofType(type, id, patientId);
        SecurityFixtures.markChanged(same);
        yield resources.send("PUT", type + "/" + id, FHIR.newJsonParser().encodeResourceToString(same), token);
      }
      case DELETE -> {
        String victim = SecurityFixtures.newId("sc-del");
        resources.put(SecurityFixtures.ofType(type, victim, patientId), adminToken());
        yield resources.send("DELETE", type + "/" + victim, null, token);
      }
    };
    assertThat(r.statusCode()).as("%s %s %s %s: %s", who, scope, op, type, r.body()).isEqualTo(expected);
  }
}
