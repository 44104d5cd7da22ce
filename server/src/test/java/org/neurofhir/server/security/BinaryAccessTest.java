package org.neurofhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.SecurityFixtures;
import org.neurofhir.server.support.ServerTestBase;

/**
 * A Binary is as readable as the resource that points at it: a clinical document's PDF is closed to the
 * secretary (who may not read DocumentReferences), open to its patient, closed to other patients; a Binary nothing
 * points at is for those who read every type (admin, doctor, nurse).
 */
class BinaryAccessTest extends ServerTestBase {

  /**
   * Patients mine/other; Binaries: document (DocumentReference of mine), report (DiagnosticReport.presentedForm of
   * mine, absolute url), context (securityContext = Patient mine), orphan (nothing points at it).
   */
  record World(String mine, String document, String report, String context, String orphan, String mineToken,
      String otherToken) {}

  private static final Map<String, World> WORLDS = new ConcurrentHashMap<>();
  private World w;
  private SecurityFixtures res;

  @BeforeEach
  void setUp() {
    res = new SecurityFixtures(FHIR, http, fhirBase());
    w = WORLDS.computeIfAbsent(baseUrl(), k -> build());
  }

  private World build() {
    String admin = adminToken();
    String mine = SecurityFixtures.newId("bin-me");
    String other = SecurityFixtures.newId("bin-other");
    res.put(SecurityFixtures.patient(mine), admin);
    res.put(SecurityFixtures.patient(other), admin);
    String document = binary(null);
    String report = binary(null);
    String context = binary("Patient/" + mine);
    String orphan = binary(null);

    DocumentReference doc = new DocumentReference();
    doc.setId("DocumentReference/" + SecurityFixtures.newId("bin-doc"));
    doc.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
    doc.setSubject(new Reference("Patient/" + mine));
    doc.addContent().getAttachment().setContentType("application/pdf").setUrl("Binary/" + document);
    res.put(doc, admin);

    DiagnosticReport dr = (DiagnosticReport) SecurityFixtures.ofType("DiagnosticReport",
        SecurityFixtures.newId("bin-dr"), mine);
    dr.setCode(new CodeableConcept().setText("MRI brain report"));
    dr.addPresentedForm().setContentType("application/pdf").setUrl(fhirBase() + "/Binary/" + report);
    res.put(dr, admin);
    return new World(mine, document, report, context, orphan, patientToken(mine), patientToken(other));
  }

  private String binary(String securityContext) {
    String id = SecurityFixtures.newId("bin");
    Binary b = new Binary().setContentType("application/pdf");
    b.setData(("%PDF-1.4 " + id).getBytes(StandardCharsets.US_ASCII));
    b.setId("Binary/" + id);
    if (securityContext != null) {
      b.setSecurityContext(new Reference(securityContext));
    }
    res.put(b, adminToken());
    return id;
  }

  private int read(String binary, String token) {
    return res.send("GET", "Binary/" + binary, null, token).statusCode();
  }

  @Test
  void secretaryCannotReadTheFilesOfClinicalDocuments() {
    String secretary = tokenFor("secretary");
    HttpResponse<String> refused = res.send("GET", "Binary/" + w.document(), null, secretary);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("OperationOutcome");
    assertThat(read(w.report(), secretary)).isEqualTo(403);
    assertThat(read(w.orphan(), secretary)).isEqualTo(403);
    // nor as the raw bytes
    HttpResponse<String> raw = res.send("GET", "Binary/" + w.document(), null, secretary,
        Map.of("Accept", "application/pdf"));
    assertThat(raw.statusCode()).isEqualTo(403);
    assertThat(raw.body()).doesNotContain("%PDF");
  }

  @Test
  void patientReadsTheFilesOfTheirOwnDocumentsOnly() {
    assertThat(read(w.document(), w.mineToken())).isEqualTo(200);
    assertThat(read(w.report(), w.mineToken())).isEqualTo(200);
    assertThat(read(w.context(), w.mineToken())).isEqualTo(200);
    assertThat(read(w.orphan(), w.mineToken())).isEqualTo(403);
    assertThat(read(w.document(), w.otherToken())).isEqualTo(403);
    assertThat(read(w.report(), w.otherToken())).isEqualTo(403);
    assertThat(read(w.context(), w.otherToken())).isEqualTo(403);
    assertThat(res.send("GET", "Binary?_id=" + w.document(), null, w.mineToken()).statusCode())
        .as("no Binary search for patients").isEqualTo(403);
  }

  @Test
  void staffWhoReadEverythingReadEveryBinary() {
    for (String role : new String[] {"doctor", "nurse"}) {
      String token = tokenFor(role);
      assertThat(read(w.document(), token)).as(role).isEqualTo(200);
      assertThat(read(w.orphan(), token)).as(role).isEqualTo(200);
    }
    assertThat(read(w.orphan(), adminToken())).isEqualTo(200);
  }

  @Test
  void aReportMayPointOnlyAtABinaryItsWriterMayRead() {
    // a client that writes and reads reports, and may not read documents (nor so their files)
    String id = SecurityFixtures.newId("bin-linker");
    String secret = tokens().createClient(id, List.of("system/DiagnosticReport.cr", "system/Patient.rs"));
    String token = tokens().clientCredentials(id, secret, null).accessToken();
    assertThat(read(w.document(), token)).isEqualTo(403);
    // pointing its own report at a document's file would make that file readable through the report
    DiagnosticReport link = (DiagnosticReport) SecurityFixtures.ofType("DiagnosticReport", "x", w.mine());
    link.setId((String) null);
    link.setCode(new CodeableConcept().setText("copied letter"));
    link.addPresentedForm().setContentType("application/pdf").setUrl("Binary/" + w.document());
    String body = FHIR.newJsonParser().encodeResourceToString(link);
    var refused = res.send("POST", "DiagnosticReport", body, token);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(read(w.document(), token)).isEqualTo(403);
    var found = res.send("GET", "DiagnosticReport?attachment-url=Binary/" + w.document(), null, adminToken());
    assertThat(FHIR.newJsonParser().parseResource(org.hl7.fhir.r4.model.Bundle.class, found.body()).getEntry())
        .isEmpty();
    // a file it may read (the report's own) it may point at
    link.getPresentedFormFirstRep().setUrl("Binary/" + w.report());
    assertThat(res.send("POST", "DiagnosticReport", FHIR.newJsonParser().encodeResourceToString(link), token)
        .statusCode()).isEqualTo(201);
  }
}
