package org.neurofhir.profiles.enforcement;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.profiles.SharedValidation;

/** Posts resources to a real RestfulServer over HTTP with the interceptor registered. */
class ProfileEnforcingInterceptorTest {

  private static final FhirContext CTX = SharedValidation.CTX;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static EmbeddedFhirServer server;

  @BeforeAll
  static void startServer() throws Exception {
    ProfileEnforcingInterceptor interceptor = new ProfileEnforcingInterceptor(CTX, SharedValidation.chain(),
        EnforcementPolicy.withDefaultProfiles(Map.of("Task", NeuroFhirCanonical.PROFILE_SEGMENTATION_TASK)));
    server = new EmbeddedFhirServer(CTX, interceptor);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Test
  void storesAValidProfiledResource() throws Exception {
    HttpResponse<String> response = post(example("Observation-tumour-volume-example.json"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/Observation/"));
  }

  @Test
  void rejectsAnInvalidProfiledResourceWith422ListingEachIssueAndItsLocation() throws Exception {
    HttpResponse<String> response = post(example("Observation-tumour-volume-invalid.json"));

    assertThat(response.statusCode()).isEqualTo(422);
    OperationOutcome oo = (OperationOutcome) CTX.newJsonParser().parseResource(response.body());
    assertThat(oo.getIssue()).anySatisfy(issue -> {
      assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
      assertThat(issue.getExpression()).extracting(e -> e.getValue()).contains("Observation.value.ofType(Quantity).code");
      assertThat(issue.getDiagnostics()).contains("fixed to 'cm3'");
    });
    assertThat(oo.getIssue()).anySatisfy(issue ->
        assertThat(issue.getExpression()).extracting(e -> e.getValue()).contains("Observation.bodySite.coding[0]"));
  }

  @Test
  void rejectsAnUpdateThatBreaksTheProfile() throws Exception {
    Observation valid = (Observation) example("Observation-tumour-volume-example.json");
    valid.setId("vol-update");
    assertThat(put(valid).statusCode()).isIn(200, 201);

    valid.setValue(new Quantity().setValue(5).setSystem(NeuroFhirCanonical.UCUM).setCode("mL").setUnit("mL"));
    HttpResponse<String> response = put(valid);

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains("Observation.value.ofType(Quantity).code");
  }

  @Test
  void storesAnUnprofiledResourceWithoutValidatingIt() throws Exception {
    Observation plain = (Observation) example("Observation-tumour-volume-invalid.json");
    plain.getMeta().getProfile().clear();

    assertThat(post(plain).statusCode()).isEqualTo(201);
  }

  @Test
  void rejectsAClaimOfAnUnknownNeuroFhirProfile() throws Exception {
    Observation obs = (Observation) example("Observation-tumour-volume-example.json");
    obs.getMeta().getProfile().clear();
    obs.getMeta().addProfile(NeuroFhirCanonical.STRUCTURE_DEFINITION + "tumor-volume");

    HttpResponse<String> response = post(obs);

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains("Unknown NeuroFHIR profile").contains("Observation.meta.profile[0]");
  }

  @Test
  void validatesAConfiguredResourceTypeAgainstItsDefaultProfileEvenWithoutAClaim() throws Exception {
    Task task = (Task) example("Task-segmentation-task-invalid.json");
    task.getMeta().getProfile().clear();

    HttpResponse<String> response = post(task);

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains("nf-task-1");
  }

  private static IBaseResource example(String file) {
    // A copy: the package's example instances are shared across tests.
    return CTX.newJsonParser().parseResource(
        CTX.newJsonParser().encodeResourceToString(SharedValidation.pkg().examples().get(file)));
  }

  private static HttpResponse<String> post(IBaseResource r) throws Exception {
    String type = CTX.getResourceType(r);
    r.setId((String) null);
    return send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/" + type))
        .POST(HttpRequest.BodyPublishers.ofString(CTX.newJsonParser().encodeResourceToString(r))));
  }

  private static HttpResponse<String> put(IBaseResource r) throws Exception {
    String url = server.baseUrl() + "/" + CTX.getResourceType(r) + "/" + r.getIdElement().getIdPart();
    return send(HttpRequest.newBuilder(URI.create(url))
        .PUT(HttpRequest.BodyPublishers.ofString(CTX.newJsonParser().encodeResourceToString(r))));
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return HTTP.send(b.header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json").build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
