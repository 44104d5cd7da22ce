package org.neurofhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.SecurityFixtures;
import org.neurofhir.server.support.ServerTestBase;
import org.neurofhir.server.support.TestTokens;

/**
 * Writing into another patient's compartment, over every resource type that has a Patient compartment: for each
 * type a minimal resource is generated with its compartment links (every search parameter giving Patient
 * compartment membership: Appointment.participant.actor, Observation.performer, Coverage.payor, ...) pointing at
 * patient B, or at A and B together, or at A only. Each caller (role × scope set) creates them all; the status
 * must be what its role allows for that type, and afterwards exactly the allowed ones are stored (found by the
 * caller's own tag). Patient A may write only Appointments, and only its own.
 */
class CompartmentWriteMatrixTest extends ServerTestBase {

  private static final String TAG_SYSTEM = "urn:neurofhir:test:compartment-write";

  /** Patients A and B, and each caller's token. */
  record World(String a, String b, Map<String, String> tokens) {}

  enum Links { OWN, OTHER, BOTH }

  /** Which types each caller may create, for any patient (staff) or only for A ({@code patient}). */
  static final Map<String, BiPredicate<String, Links>> MAY_CREATE = new LinkedHashMap<>();

  static {
    MAY_CREATE.put("admin", (type, links) -> !type.equals("AuditEvent"));
    MAY_CREATE.put("doctor", (type, links) -> !type.equals("AuditEvent"));
    MAY_CREATE.put("nurse", (type, links) -> Set.of("Observation", "Procedure").contains(type));
    MAY_CREATE.put("nurse-read-only", (type, links) -> false);
    MAY_CREATE.put("secretary",
        (type, links) -> Set.of("Patient", "Appointment", "Encounter", "ImagingStudy", "Schedule").contains(type));
    MAY_CREATE.put("pacs", (type, links) -> type.equals("ImagingStudy"));
    MAY_CREATE.put("patient", (type, links) -> type.equals("Appointment") && links == Links.OWN);
    MAY_CREATE.put("patient-read-only", (type, links) -> false);
  }

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
    String a = SecurityFixtures.newId("cw-a");
    String b = SecurityFixtures.newId("cw-b");
    res.put(SecurityFixtures.patient(a), admin);
    res.put(SecurityFixtures.patient(b), admin);
    TestTokens tokens = tokens();
    Map<String, String> t = new LinkedHashMap<>();
    t.put("admin", admin);
    t.put("doctor", tokenFor("doctor"));
    t.put("nurse", tokenFor("nurse"));
    t.put("secretary", tokenFor("secretary"));
    t.put("pacs", tokens.clientCredentials("test-pacs", "test-pacs-secret", null).accessToken());
    t.put("patient", patientToken(a));
    t.put("nurse-read-only", userToken(tokens, "nurse", null, "openid user/Observation.rs"));
    t.put("patient-read-only", userToken(tokens, "patient", "Patient/" + a, "openid fhirUser patient/*.rs"));
    return new World(a, b, t);
  }

  private static String userToken(TestTokens tokens, String role, String fhirUser, String scope) {
    String username = SecurityFixtures.newId("cw-" + role);
    tokens.createUser(username, TestTokens.USER_PASSWORD, List.of(role), fhirUser);
    return tokens.authorizationCode(username, TestTokens.USER_PASSWORD, scope).accessToken();
  }

  /** Every R4 type with a Patient compartment → the paths of its compartment links, as HAPI defines them. */
  static Map<String, List<String>> compartmentPaths() {
    Map<String, List<String>> result = new TreeMap<>();
    for (String type : new TreeSet<>(FHIR.getResourceTypes())) {
      RuntimeResourceDefinition def = FHIR.getResourceDefinition(type);
      Set<String> paths = new LinkedHashSet<>();
      for (RuntimeSearchParam sp : def.getSearchParams()) {
        if (sp.getProvidesMembershipInCompartments() != null
            && sp.getProvidesMembershipInCompartments().contains("Patient")) {
          sp.getPathsSplitForResourceType(type).forEach(p -> paths.add(p.replaceAll("\\.where\\(.*\\)$", "").trim()));
        }
      }
      if (!paths.isEmpty()) {
        result.put(type, List.copyOf(paths));
      }
    }
    return result;
  }

  /** A minimal resource of this type whose compartment links point at A, B or both, tagged for this caller. */
  static IBaseResource generate(String type, List<String> paths, Links links, String a, String b, String tag) {
    IBaseResource r = FHIR.getResourceDefinition(type).newInstance();
    var terser = FHIR.newTerser();
    String first = links == Links.OTHER ? b : a;
    String rest = links == Links.OWN ? a : b;
    link(r, paths.get(0), first);
    for (String path : paths.subList(1, paths.size())) {
      link(r, path, rest);
    }
    if (links == Links.BOTH && paths.size() == 1 && !secondLink(r, paths.get(0), b)) {
      // one single-valued link (AdverseEvent.subject): "both" cannot be said, so it points at B alone
      terser.getCompartmentReferencesForResource("Patient", r, Set.of())
          .forEach(ref -> ref.setReference("Patient/" + b));
    }
    if (r instanceof org.hl7.fhir.r4.model.QuestionnaireResponse answers) {
      // answers are checked against their form on write (record/consultation): a shipped form, nothing answered yet
      answers.setQuestionnaire("https://neurofhir.org/fhir/Questionnaire/neuro-oncology-consultation");
      answers.setStatus(org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS);
    }
    r.getMeta().addTag().setSystem(TAG_SYSTEM).setCode(tag);
    return r;
  }

  private static void link(IBaseResource r, String path, String patient) {
    ((IBaseReference) FHIR.newTerser().addElement(r, path)).setReference("Patient/" + patient);
  }

  /** A second link on the same path: the element itself repeats, or its parent does (Appointment.participant). */
  private static boolean secondLink(IBaseResource r, String path, String patient) {
    var terser = FHIR.newTerser();
    try {
      ((IBaseReference) terser.addElement(r, path)).setReference("Patient/" + patient);
      return true;
    } catch (RuntimeException notRepeatable) {
      int dot = path.lastIndexOf('.');
      if (path.indexOf('.') == dot) {
        return false;
      }
      try {
        IBase parent = terser.addElement(r, path.substring(0, dot));
        ((IBaseReference) terser.addElement(parent, path.substring(dot + 1))).setReference("Patient/" + patient);
        return true;
      } catch (RuntimeException parentNotRepeatable) {
        return false;
      }
    }
  }

  @Test
  void generatedResourcesReallyLinkTheirPatients() {
    Map<String, List<String>> types = compartmentPaths();
    assertThat(types).containsKeys("Appointment", "Observation", "DocumentReference", "Coverage", "Group", "Patient");
    assertThat(types.size()).isGreaterThan(60);
    IBaseResource appointment = generate("Appointment", types.get("Appointment"), Links.BOTH, "A", "B", "x");
    assertThat(FHIR.newJsonParser().encodeResourceToString(appointment))
        .contains("Patient/A").contains("Patient/B");
  }

  @Test
  void everyCallerWritesOnlyWhatItsRoleAllowsIntoAnyCompartment() {
    Map<String, List<String>> types = compartmentPaths();
    List<String> wrong = new ArrayList<>();
    Map<String, String> callerOfTag = new LinkedHashMap<>();
    List<String> expectedStored = new ArrayList<>();
    for (var caller : MAY_CREATE.entrySet()) {
      String tag = SecurityFixtures.newId(caller.getKey());
      callerOfTag.put(tag, caller.getKey());
      // staff write for any patient: one variant is enough; the patient roles get all three
      List<Links> variants = caller.getKey().startsWith("patient") ? List.of(Links.values()) : List.of(Links.OTHER);
      for (var type : types.entrySet()) {
        for (Links links : variants) {
          IBaseResource r = generate(type.getKey(), type.getValue(), links, w.a(), w.b(), tag);
          HttpResponse<String> answer = res.send("POST", type.getKey(),
              FHIR.newJsonParser().encodeResourceToString(r), w.tokens().get(caller.getKey()));
          boolean allowed = caller.getValue().test(type.getKey(), links);
          int expected = allowed ? 201 : 403;
          if (answer.statusCode() != expected) {
            wrong.add(caller.getKey() + " " + type.getKey() + " " + links + ": " + answer.statusCode() + " not "
                + expected + " " + answer.body().substring(0, Math.min(200, answer.body().length())));
          } else if (!allowed) {
            assertThat(answer.body()).contains("OperationOutcome");
          }
          if (allowed) {
            expectedStored.add(caller.getKey() + " " + type.getKey());
          }
        }
      }
    }
    assertThat(wrong).isEmpty();
    List<String> stored = new ArrayList<>();
    for (String type : types.keySet()) {
      storedWithTags(type, callerOfTag.keySet()).forEach(tag -> stored.add(callerOfTag.get(tag) + " " + type));
    }
    assertThat(stored).as("what was stored, by whom").containsExactlyInAnyOrderElementsOf(expectedStored);
  }

  private Appointment appointment(String... patients) {
    Appointment a = new Appointment();
    a.setStatus(Appointment.AppointmentStatus.BOOKED);
    for (String p : patients) {
      a.addParticipant().setActor(new Reference("Patient/" + p)).setStatus(Appointment.ParticipationStatus.ACCEPTED);
    }
    return a;
  }

  private String json(IBaseResource r) {
    return FHIR.newJsonParser().encodeResourceToString(r);
  }

  /** A's appointment, stored by the admin: what the patient then tries to change. */
  private Appointment storedAppointmentOfA() {
    Appointment a = appointment(w.a());
    a.setId("Appointment/" + SecurityFixtures.newId("cw-appt"));
    a.addIdentifier().setSystem("urn:test:cw").setValue(a.getIdElement().getIdPart());
    res.put(a, adminToken());
    return a;
  }

  private HttpResponse<String> jsonPatch(String id, String patch, String token) {
    try {
      return http.send(withToken(HttpRequest.newBuilder(URI.create(fhirBase() + "/" + id))
              .header("Content-Type", "application/json-patch+json")
              .header("Accept", "application/fhir+json")
              .method("PATCH", HttpRequest.BodyPublishers.ofString(patch)), token).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String versionOf(String id) {
    HttpResponse<String> r = res.send("GET", id, null, adminToken());
    return FHIR.newJsonParser().parseResource(Appointment.class, r.body()).getMeta().getVersionId();
  }

  @Test
  void patientCannotAddAnotherPatientByUpdatePatchOrConditionalUpdate() {
    Appointment stored = storedAppointmentOfA();
    String id = stored.getIdElement().toUnqualifiedVersionless().getValue();
    String token = w.tokens().get("patient");

    Appointment both = appointment(w.a(), w.b());
    both.setId(id);
    HttpResponse<String> put = res.send("PUT", id, json(both), token);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(403);
    assertThat(put.body()).contains("Patient/" + w.b());

    String patch = "[{\"op\":\"add\",\"path\":\"/participant/-\",\"value\":{\"actor\":{\"reference\":"
        + "\"Patient/" + w.b() + "\"},\"status\":\"accepted\"}}]";
    HttpResponse<String> patched = jsonPatch(id, patch, token);
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(403);

    Appointment conditional = appointment(w.a(), w.b());
    conditional.addIdentifier(stored.getIdentifierFirstRep());
    HttpResponse<String> condPut = res.send("PUT",
        "Appointment?identifier=urn:test:cw%7C" + stored.getIdElement().getIdPart(), json(conditional), token);
    assertThat(condPut.statusCode()).as(condPut.body()).isEqualTo(403);

    assertThat(versionOf(id)).as("nothing stored").isEqualTo("1");
  }

  @Test
  void patientCannotLinkAnotherPatientInsideBatchOrTransaction() {
    String token = w.tokens().get("patient");
    String tag = SecurityFixtures.newId("cw-bundle");
    Appointment both = appointment(w.a(), w.b());
    both.getMeta().addTag().setSystem(TAG_SYSTEM).setCode(tag);
    Appointment own = appointment(w.a());
    own.getMeta().addTag().setSystem(TAG_SYSTEM).setCode(tag);

    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    tx.addEntry().setResource(own.copy()).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Appointment");
    tx.addEntry().setResource(both.copy()).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Appointment");
    HttpResponse<String> refused = res.send("POST", "", json(tx), token);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);

    Bundle batch = tx.copy().setType(Bundle.BundleType.BATCH);
    HttpResponse<String> partly = res.send("POST", "", json(batch), token);
    assertThat(partly.statusCode()).as(partly.body()).isEqualTo(200);
    Bundle answers = FHIR.newJsonParser().parseResource(Bundle.class, partly.body());
    assertThat(answers.getEntry().get(0).getResponse().getStatus()).startsWith("201");
    assertThat(answers.getEntry().get(1).getResponse().getStatus()).startsWith("403");

    assertThat(storedWithTag(tag)).as("only the batch's own appointment").containsExactly("Appointment");
  }

  @Test
  void linksThatCannotBeToldToBeTheCallerAreRefused() {
    String token = w.tokens().get("patient");
    Appointment conditionalRef = appointment(w.a());
    conditionalRef.addParticipant().setActor(new Reference("Patient?family=Fam" + w.b().replace("-", "")));
    assertThat(res.send("POST", "Appointment", json(conditionalRef), token).statusCode()).isEqualTo(403);

    Appointment contained = appointment(w.a());
    Patient stranger = new Patient();
    stranger.setId("stranger");
    stranger.addName().setFamily("Stranger");
    contained.addContained(stranger);
    contained.addParticipant().setActor(new Reference("#stranger"));
    assertThat(res.send("POST", "Appointment", json(contained), token).statusCode()).isEqualTo(403);

    Appointment elsewhere = appointment(w.a());
    elsewhere.addParticipant().setActor(new Reference("https://other.example.org/fhir/Patient/" + w.a()));
    assertThat(res.send("POST", "Appointment", json(elsewhere), token).statusCode()).isEqualTo(403);
  }

  @Test
  void patientStillBooksAndCancelsOwnAppointment() {
    String token = w.tokens().get("patient");
    Appointment booked = appointment(w.a());
    HttpResponse<String> created = res.send("POST", "Appointment", json(booked), token);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    Appointment mine = FHIR.newJsonParser().parseResource(Appointment.class, created.body());
    mine.setStatus(Appointment.AppointmentStatus.CANCELLED);
    String id = mine.getIdElement().toUnqualifiedVersionless().getValue();
    HttpResponse<String> cancelled = res.send("PUT", id, json(mine), token);
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
  }

  /** The type of each resource stored with this tag, whoever wrote it (asked as admin). */
  private List<String> storedWithTag(String tag) {
    List<String> stored = new ArrayList<>();
    for (String type : List.of("Appointment")) {
      storedWithTags(type, List.of(tag)).forEach(t -> stored.add(type));
    }
    return stored;
  }

  /** The tag of each resource of this type stored with one of these tags (asked as admin). */
  private List<String> storedWithTags(String type, java.util.Collection<String> tags) {
    StringBuilder any = new StringBuilder();
    tags.forEach(t -> any.append(any.length() == 0 ? "" : ",").append(TAG_SYSTEM).append('|').append(t));
    HttpResponse<String> r = res.send("GET", type + "?_tag=" + URLEncoder.encode(any.toString(), StandardCharsets.UTF_8)
        + "&_count=500", null, adminToken(), Map.of("Cache-Control", "no-cache"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Bundle found = FHIR.newJsonParser().parseResource(Bundle.class, r.body());
    List<String> stored = new ArrayList<>();
    found.getEntry().forEach(e -> e.getResource().getMeta().getTag().stream()
        .filter(c -> TAG_SYSTEM.equals(c.getSystem())).forEach(c -> stored.add(c.getCode())));
    return stored;
  }
}
