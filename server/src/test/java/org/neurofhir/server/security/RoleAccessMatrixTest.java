package org.neurofhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neurofhir.server.support.Poll;
import org.neurofhir.server.support.SecurityFixtures;
import org.neurofhir.server.support.ServerTestBase;
import org.neurofhir.server.support.TestTokens;

/**
 * Roles × resource types × interactions: every cell is one request with that role's real token, asserting the
 * exact status (201 create, 200 read/search/update/delete when allowed; 403 refused; 401 without a token).
 */
class RoleAccessMatrixTest extends ServerTestBase {

  enum Op { READ, SEARCH, CREATE, UPDATE, DELETE }

  static final List<String> TYPES =
      List.of("Patient", "Observation", "DiagnosticReport", "Appointment", "ImagingStudy", "AuditEvent");
  static final List<String> CALLERS = List.of("anonymous", "admin", "doctor", "nurse", "secretary", "patient", "pacs");

  /** Allowed cells as "type:OP"; everything else is refused. */
  static final Map<String, Set<String>> ALLOWED = Map.of(
      "admin", cells(List.of("Patient", "Observation", "DiagnosticReport", "Appointment", "ImagingStudy"), Op.values(),
          "AuditEvent:READ", "AuditEvent:SEARCH"),
      "doctor", cells(List.of("Patient", "Observation", "DiagnosticReport", "Appointment", "ImagingStudy"), Op.values()),
      "nurse", cells(List.of("Patient", "Observation", "DiagnosticReport", "Appointment", "ImagingStudy"),
          new Op[] {Op.READ, Op.SEARCH}, "Observation:CREATE", "Observation:UPDATE"),
      "secretary", cells(List.of("Patient", "Appointment"), Op.values(),
          "ImagingStudy:READ", "ImagingStudy:SEARCH", "ImagingStudy:CREATE", "ImagingStudy:UPDATE"),
      "patient", cells(List.of("Patient", "Observation", "DiagnosticReport", "Appointment", "ImagingStudy"),
          new Op[] {Op.READ, Op.SEARCH}, "Appointment:CREATE", "Appointment:UPDATE"),
      "pacs", cells(List.of("ImagingStudy"), new Op[] {Op.READ, Op.SEARCH, Op.CREATE, Op.UPDATE},
          "Patient:READ", "Patient:SEARCH"),
      "anonymous", Set.of());

  private static final Map<String, Fixture> FIXTURES = new ConcurrentHashMap<>();

  /** One patient and one resource of each type in its compartment, per server. */
  record Fixture(String patientId, Map<String, String> ids, Map<String, String> tokens) {}

  private Fixture fixture;
  private SecurityFixtures resources;

  @BeforeEach
  void setUp() {
    resources = new SecurityFixtures(FHIR, http, fhirBase());
    fixture = FIXTURES.computeIfAbsent(baseUrl(), k -> createFixture());
  }

  private Fixture createFixture() {
    String admin = adminToken();
    String patientId = SecurityFixtures.newId("mx-pat");
    resources.put(SecurityFixtures.patient(patientId), admin);
    Map<String, String> ids = new ConcurrentHashMap<>();
    ids.put("Patient", patientId);
    for (String type : TYPES) {
      if (!type.equals("Patient") && !type.equals("AuditEvent")) {
        String id = SecurityFixtures.newId("mx-" + type.toLowerCase());
        resources.put(SecurityFixtures.ofType(type, id, patientId), admin);
        ids.put(type, id);
      }
    }
    // AuditEvents exist once the writer has drained the requests above
    Poll.until(java.time.Duration.ofSeconds(30), "an AuditEvent", () -> {
      HttpResponse<String> r = resources.send("GET", "AuditEvent?_count=1&_elements=id", null, admin, Map.of("Cache-Control", "no-cache"));
      int at = r.body().indexOf("\"id\":\"nf-audit-");
      if (at < 0) {
        return false;
      }
      ids.put("AuditEvent", r.body().substring(at + 6, r.body().indexOf('"', at + 6)));
      return true;
    });
    TestTokens tokens = tokens();
    Map<String, String> roleTokens = new ConcurrentHashMap<>();
    roleTokens.put("admin", admin);
    for (String role : List.of("doctor", "nurse", "secretary")) {
      roleTokens.put(role, tokens.forRole(role));
    }
    roleTokens.put("patient", tokens.forPatient(patientId));
    roleTokens.put("pacs", tokens.clientCredentials("test-pacs", "test-pacs-secret", null).accessToken());
    return new Fixture(patientId, ids, roleTokens);
  }

  static Stream<Arguments> cells() {
    List<Arguments> all = new ArrayList<>();
    for (String caller : CALLERS) {
      for (String type : TYPES) {
        for (Op op : Op.values()) {
          all.add(Arguments.of(caller, type, op));
        }
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {2} {1}")
  @MethodSource("cells")
  void statusMatchesTheRoleTable(String caller, String type, Op op) {
    String token = fixture.tokens().get(caller);
    String admin = fixture.tokens().get("admin");
    String patientId = fixture.patientId();
    HttpResponse<String> r = switch (op) {
      case READ -> resources.send("GET", type + "/" + fixture.ids().get(type), null, token);
      case SEARCH -> resources.send("GET", type + "?_count=5", null, token);
      case CREATE -> {
        IBaseResource fresh = type.equals("Patient")
            ? SecurityFixtures.patient("unused")
            : SecurityFixtures.ofType(type, "unused", patientId);
        fresh.setId((String) null);
        yield resources.send("POST", type, FHIR.newJsonParser().encodeResourceToString(fresh), token);
      }
      case UPDATE -> {
        String id = fixture.ids().get(type);
        IBaseResource same = type.equals("Patient")
            ? SecurityFixtures.patient(id)
            : SecurityFixtures.ofType(type, id, patientId);
        SecurityFixtures.markChanged(same);
        yield resources.send("PUT", type + "/" + id, FHIR.newJsonParser().encodeResourceToString(same), token);
      }
      case DELETE -> {
        String victim = type.equals("AuditEvent") ? fixture.ids().get(type) : SecurityFixtures.newId("mx-del");
        if (!type.equals("AuditEvent")) {
          resources.put(type.equals("Patient") ? SecurityFixtures.patient(victim)
              : SecurityFixtures.ofType(type, victim, patientId), admin);
        }
        yield resources.send("DELETE", type + "/" + victim, null, token);
      }
    };
    boolean allowed = ALLOWED.get(caller).contains(type + ":" + op);
    int expected = caller.equals("anonymous") ? 401 : !allowed ? 403 : op == Op.CREATE ? 201 : 200;
    assertThat(r.statusCode()).as("%s %s %s: %s", caller, op, type, r.body()).isEqualTo(expected);
  }

  private static Set<String> cells(List<String> types, Op[] ops, String... extra) {
    Set<String> out = new java.util.HashSet<>(List.of(extra));
    for (String t : types) {
      for (Op op : ops) {
        out.add(t + ":" + op);
      }
    }
    return out;
  }
}
