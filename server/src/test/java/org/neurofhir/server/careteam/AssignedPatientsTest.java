package org.neurofhir.server.careteam;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.server.support.SecurityFixtures;
import org.neurofhir.server.support.ServerProcess;
import org.neurofhir.server.support.TestDatabase;
import org.neurofhir.server.support.TestTokens;

/**
 * With {@code neurofhir.care-team.doctors-see-assigned-patients-only=true} (a server of its own: the suite's shared
 * server keeps the default, every doctor sees every patient), doctor A reaches the file of patient "a" (assigned to
 * A) and not that of "b" (assigned to B), by every route the patient-isolation tests cover; a secretary's
 * assignment opens b's file to A at once.
 */
class AssignedPatientsTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  @TempDir static Path tmp;
  private static ServerProcess server;
  private static SecurityFixtures res;
  private static TestTokens tokens;
  private static String admin;
  private static String doctorA;
  private static String unlinkedDoctor;
  private static String drA = SecurityFixtures.newId("ct-dra");
  private static String drB = SecurityFixtures.newId("ct-drb");
  private static String a = SecurityFixtures.newId("ct-pa");
  private static String b = SecurityFixtures.newId("ct-pb");
  private static String late = SecurityFixtures.newId("ct-late");
  private static String obsA = SecurityFixtures.newId("ct-obsa");
  private static String obsB = SecurityFixtures.newId("ct-obsb");
  private static String binA = SecurityFixtures.newId("ct-bina");
  private static String reportA = SecurityFixtures.newId("ct-repa");
  private static String reportB = SecurityFixtures.newId("ct-repb");
  private static String binB = SecurityFixtures.newId("ct-binb");

  @BeforeAll
  static void startServerWithAssignmentRule() throws Exception {
    Assumptions.assumeTrue(TestDatabase.available(), "database for this run not reachable");
    server = new ServerProcess(tmp, TestDatabase.separateDatabase(tmp.resolve("db")),
        List.of("--neurofhir.care-team.doctors-see-assigned-patients-only=true"));
    Path log = Path.of("target", "assigned-patients", TestDatabase.isPostgres() ? "postgresql.log" : "h2.log");
    server.start(log.toAbsolutePath(), Duration.ofMinutes(8));
    res = new SecurityFixtures(FHIR, HttpClient.newHttpClient(), server.baseUrl() + "/fhir");
    tokens = new TestTokens(server.baseUrl());
    admin = tokens.admin();
    awaitBinaryReferrerSearch();
    for (String dr : List.of(drA, drB)) {
      Practitioner p = new Practitioner();
      p.setId("Practitioner/" + dr);
      p.addName().setFamily("Doc" + dr.replace("-", ""));
      res.put(p, admin);
    }
    res.put(assignedTo(SecurityFixtures.patient(a), drA), admin);
    res.put(assignedTo(SecurityFixtures.patient(b), drB), admin);
    res.put(assignedTo(SecurityFixtures.patient(late), drB), admin);
    res.put(SecurityFixtures.ofType("Observation", obsA, a), admin);
    res.put(SecurityFixtures.ofType("Observation", obsB, b), admin);
    res.put(SecurityFixtures.ofType("DiagnosticReport", reportA, a), admin);
    res.put(SecurityFixtures.ofType("DiagnosticReport", reportB, b), admin);
    res.put(document(binA, a), admin);
    res.put(document(binB, b), admin);
    String username = "ct-doctor-a-" + drA;
    tokens.createUser(username, TestTokens.USER_PASSWORD, List.of("doctor"), "Practitioner/" + drA);
    doctorA = tokens.authorizationCode(username, TestTokens.USER_PASSWORD, TestTokens.STAFF_SCOPES).accessToken();
    unlinkedDoctor = tokens.forRole("doctor");
  }

  /**
   * The attachment-url search parameter (who points at a Binary) is installed once the server is ready, a moment
   * after /fhir/metadata first answers; documents stored before it would not be found by it.
   */
  private static void awaitBinaryReferrerSearch() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (get("DocumentReference?attachment-url=Binary/none", admin).statusCode() != 200) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("attachment-url search parameter not active");
      }
      Thread.sleep(500);
    }
  }

  @AfterAll
  static void stopServer() throws InterruptedException {
    if (server != null) {
      server.stop();
    }
  }

  private static Patient assignedTo(Patient patient, String practitioner) {
    patient.addGeneralPractitioner(new Reference("Practitioner/" + practitioner));
    return patient;
  }

  /** A Binary and the DocumentReference of {@code patient} that points at it; both put. */
  private static DocumentReference document(String binaryId, String patient) {
    Binary binary = new Binary();
    binary.setId("Binary/" + binaryId);
    binary.setContentType("text/plain");
    binary.setData(("letter about " + patient).getBytes(StandardCharsets.UTF_8));
    res.put(binary, admin);
    DocumentReference doc = new DocumentReference();
    doc.setId("DocumentReference/" + binaryId + "-doc");
    doc.setStatus(org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.CURRENT);
    doc.setSubject(new Reference("Patient/" + patient));
    doc.addContent().getAttachment().setContentType("text/plain").setUrl("Binary/" + binaryId);
    return doc;
  }

  private static HttpResponse<String> get(String path, String token) {
    return res.send("GET", path, null, token);
  }

  private static List<String> idsIn(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    collect(FHIR.newJsonParser().parseResource(r.body()), ids);
    return ids;
  }

  private static void collect(IBaseResource resource, List<String> out) {
    if (resource instanceof Bundle bundle) {
      bundle.getEntry().stream().filter(e -> e.getResource() != null).forEach(e -> collect(e.getResource(), out));
      return;
    }
    out.add(resource.getIdElement().toUnqualifiedVersionless().getValue());
  }

  @Test
  void readsReachOnlyAssignedPatientsFiles() {
    assertThat(get("Patient/" + a, doctorA).statusCode()).isEqualTo(200);
    assertThat(get("Observation/" + obsA, doctorA).statusCode()).isEqualTo(200);
    assertThat(get("Patient/" + b, doctorA).statusCode()).isEqualTo(403);
    assertThat(get("Observation/" + obsB, doctorA).statusCode()).isEqualTo(403);
    assertThat(get("Observation/" + obsB + "/_history/1", doctorA).statusCode()).isEqualTo(403);
    assertThat(get("Observation/" + obsB + "/_history", doctorA).statusCode()).isEqualTo(403);
    // the clinic's directory is nobody's file
    assertThat(get("Practitioner/" + drB, doctorA).statusCode()).isEqualTo(200);
  }

  @Test
  void searchesIncludesAndHistoryLeaveOtherFilesOut() {
    List<String> others = List.of("Patient/" + b, "Observation/" + obsB, "DocumentReference/" + binB + "-doc",
        "Binary/" + binB);
    assertThat(idsIn(get("Observation?_count=200", doctorA))).contains("Observation/" + obsA)
        .doesNotContainAnyElementsOf(others);
    assertThat(idsIn(get("Patient?_count=200", doctorA))).contains("Patient/" + a).doesNotContain("Patient/" + b);
    assertThat(idsIn(get("Observation?_include=Observation:subject&_count=200", doctorA)))
        .doesNotContainAnyElementsOf(others);
    assertThat(idsIn(get("Patient?_revinclude=Observation:subject&_count=200", doctorA)))
        .doesNotContainAnyElementsOf(others);
    assertThat(idsIn(get("Patient/_history?_count=500", doctorA))).doesNotContainAnyElementsOf(others);
    assertThat(idsIn(get("Observation/_history?_count=500", doctorA))).doesNotContainAnyElementsOf(others);
    HttpResponse<String> named = get("Observation?subject=Patient/" + b, doctorA);
    if (named.statusCode() != 403) {
      assertThat(idsIn(named)).doesNotContainAnyElementsOf(others);
    }
    // counts are narrowed too: as many as the doctor's own patients' observations
    HttpResponse<String> count = get("Observation?_summary=count", doctorA);
    assertThat(FHIR.newJsonParser().parseResource(Bundle.class, count.body()).getTotal())
        .isEqualTo(idsIn(get("Observation?_count=200", doctorA)).size());
  }

  @Test
  void operationsOnOtherPatientsAreRefused() {
    assertThat(get("Patient/" + b + "/$everything", doctorA).statusCode()).isEqualTo(403);
    String accept = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"decision\",\"valueCode\":\"accept\"}]}";
    assertThat(res.send("POST", "DiagnosticReport/" + reportB + "/$review", accept, doctorA).statusCode())
        .isEqualTo(403);
    // on a's report the review operation itself answers (409 or 422: this report is no preliminary segmentation)
    assertThat(res.send("POST", "DiagnosticReport/" + reportA + "/$review", accept, doctorA).statusCode())
        .isIn(409, 422);
    assertThat(idsIn(get("Patient/" + a + "/$everything", doctorA))).contains("Observation/" + obsA)
        .doesNotContain("Patient/" + b, "Observation/" + obsB);
  }

  @Test
  void binariesFollowTheFileTheyBelongTo() {
    assertThat(get("Binary/" + binA, doctorA).statusCode()).isEqualTo(200);
    assertThat(get("Binary/" + binB, doctorA).statusCode()).isEqualTo(403);
    // an upload tied to a's file by its securityContext, and one tied to no file
    Binary upload = new Binary();
    upload.setContentType("text/plain");
    upload.setData("scan".getBytes(StandardCharsets.UTF_8));
    upload.setSecurityContext(new Reference("Patient/" + a));
    String tied = SecurityFixtures.newId("ct-upload");
    upload.setId("Binary/" + tied);
    res.put(upload, admin);
    assertThat(get("Binary/" + tied, doctorA).statusCode()).isEqualTo(200);
    String loose = SecurityFixtures.newId("ct-loose");
    upload.setSecurityContext(null);
    upload.setId("Binary/" + loose);
    res.put(upload, admin);
    assertThat(get("Binary/" + loose, doctorA).statusCode()).isEqualTo(403);
  }

  @Test
  void batchEntriesAreJudgedOneByOne() {
    Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
    batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/" + a);
    batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/" + b);
    batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Observation?_count=200");
    HttpResponse<String> r = res.send("POST", "", FHIR.newJsonParser().encodeResourceToString(batch), doctorA);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Bundle answer = FHIR.newJsonParser().parseResource(Bundle.class, r.body());
    assertThat(answer.getEntry().get(0).getResponse().getStatus()).startsWith("200");
    assertThat(answer.getEntry().get(1).getResponse().getStatus()).startsWith("403");
    assertThat(r.body()).doesNotContain(obsB);
  }

  @Test
  void writesStayInAssignedPatientsFiles() {
    Observation forB = (Observation) SecurityFixtures.ofType("Observation", "x", b);
    forB.setId((String) null);
    assertThat(res.send("POST", "Observation", FHIR.newJsonParser().encodeResourceToString(forB), doctorA)
        .statusCode()).isEqualTo(403);
    Observation forA = (Observation) SecurityFixtures.ofType("Observation", "x", a);
    forA.setId((String) null);
    assertThat(res.send("POST", "Observation", FHIR.newJsonParser().encodeResourceToString(forA), doctorA)
        .statusCode()).isEqualTo(201);
    // moving b's observation into a's file is a write into b's file
    Observation moved = (Observation) SecurityFixtures.ofType("Observation", obsB, a);
    assertThat(res.send("PUT", "Observation/" + obsB, FHIR.newJsonParser().encodeResourceToString(moved), doctorA)
        .statusCode()).isEqualTo(403);
    // nor can A make b theirs
    Patient takeover = assignedTo(SecurityFixtures.patient(b), drA);
    assertThat(res.send("PUT", "Patient/" + b, FHIR.newJsonParser().encodeResourceToString(takeover), doctorA)
        .statusCode()).isEqualTo(403);
    assertThat(res.send("DELETE", "Observation/" + obsB, null, doctorA).statusCode()).isEqualTo(403);
    assertThat(get("Observation/" + obsB, admin).statusCode()).isEqualTo(200);
  }

  @Test
  void aPatientTheDoctorRegistersIsTheirs() {
    Patient p = new Patient();
    p.addName().setFamily("Registered").addGiven("ByDoctor");
    HttpResponse<String> created =
        res.send("POST", "Patient", FHIR.newJsonParser().encodeResourceToString(p), doctorA);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String location = created.headers().firstValue("Location").orElseThrow();
    String id = location.substring(location.indexOf("Patient/") + "Patient/".length()).split("/")[0];
    Patient stored = FHIR.newJsonParser().parseResource(Patient.class, get("Patient/" + id, admin).body());
    assertThat(stored.getGeneralPractitioner()).extracting(Reference::getReference)
        .containsExactly("Practitioner/" + drA);
    assertThat(get("Patient/" + id, doctorA).statusCode()).isEqualTo(200);
  }

  @Test
  void theSecretarysAssignmentOpensTheFileAtOnce() {
    assertThat(get("Patient/" + late, doctorA).statusCode()).isEqualTo(403);
    Patient assigned = assignedTo(assignedTo(SecurityFixtures.patient(late), drB), drA);
    assertThat(res.send("PUT", "Patient/" + late, FHIR.newJsonParser().encodeResourceToString(assigned),
        tokens.forRole("secretary")).statusCode()).isEqualTo(200);
    assertThat(get("Patient/" + late, doctorA).statusCode()).isEqualTo(200);
  }

  @Test
  void aDoctorLinkedToNoPractitionerReachesNoFile() {
    assertThat(get("Patient/" + a, unlinkedDoctor).statusCode()).isEqualTo(403);
    assertThat(idsIn(get("Patient?_count=200", unlinkedDoctor))).isEmpty();
    assertThat(idsIn(get("Observation?_count=200", unlinkedDoctor))).isEmpty();
  }

  @Test
  void nursesAndAdminsKeepTheirRolesReach() {
    assertThat(get("Patient/" + b, tokens.forRole("nurse")).statusCode()).isEqualTo(200);
    assertThat(get("Observation/" + obsB, admin).statusCode()).isEqualTo(200);
  }
}
