package org.neurofhir.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import java.util.List;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.neurofhir.profiles.SegmentationReportCoding;

/** Every refusal of {@code $review} answers with an OperationOutcome and leaves report and volumes as they were. */
class ReviewRefusalTest extends ReviewTestBase {

  private static final CacheControlDirective NO_CACHE = new CacheControlDirective().setNoCache(true);

  @Test
  void onlyADoctorWithWriteScopesAndAPractitionerMayReview() {
    SegmentationReportFixture f = SegmentationReportFixture.store(client, unique("v-roles-"));
    Parameters accept = decision("accept");
    String systemClient = unique("review-system-");
    String systemSecret = tokens().createClient(systemClient, List.of("system/*.cruds"));

    assertThat(refusal(tokenFor("nurse"), f.reportId(), null, accept)).isEqualTo(403);
    assertThat(refusal(tokenFor("secretary"), f.reportId(), null, accept)).isEqualTo(403);
    assertThat(refusal(patientToken(f.patientId()), f.reportId(), null, accept)).isEqualTo(403);
    assertThat(refusal(adminToken(), f.reportId(), null, accept)).isEqualTo(403);
    assertThat(refusal(tokens().clientCredentials(systemClient, systemSecret, null).accessToken(), f.reportId(), null,
        accept)).isEqualTo(403);
    assertThat(refusal(tokenFor("doctor"), f.reportId(), null, accept)).as("doctor without a Practitioner").isEqualTo(403);
    assertThat(refusal(doctorTokenWithScopes("openid fhirUser user/Observation.rs"), f.reportId(), null, accept))
        .as("doctor whose token only reads").isEqualTo(403);

    assertUnchanged(f);
  }

  @Test
  void aReportChangedSinceTheCallerReadItIsRefusedWith412() {
    SegmentationReportFixture f = SegmentationReportFixture.store(client, unique("v-stale-"));
    DiagnosticReport report = client.read().resource(DiagnosticReport.class).withId(f.reportId()).execute();
    report.setConclusion(report.getConclusion() + " Edited meanwhile.");
    client.update().resource(report).execute();

    assertThat(refusal(doctorToken(), f.reportId(), "W/\"1\"", decision("accept"))).isEqualTo(412);
    assertThat(refusal(doctorToken(), f.reportId(), "not-a-version", decision("accept"))).isEqualTo(400);

    DiagnosticReport now = client.read().resource(DiagnosticReport.class).withId(f.reportId()).cacheControl(NO_CACHE).execute();
    assertThat(now.getMeta().getVersionId()).isEqualTo("2");
    assertThat(now.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
  }

  @Test
  void unusableValuesAreRefusedWith422AndMalformedParametersWith400() {
    SegmentationReportFixture f = SegmentationReportFixture.store(client, unique("v-values-"));
    String token = doctorToken();

    assertThat(refusal(token, f.reportId(), null, withCorrection(decision("amend"), "oedema", "-1"))).isEqualTo(422);
    assertThat(refusal(token, f.reportId(), null, withCorrection(decision("amend"), "left-ear", "3"))).isEqualTo(422);
    Parameters notANumber = decision("amend");
    var c = notANumber.addParameter().setName("correction");
    c.addPart().setName("code").setValue(new CodeType("oedema"));
    c.addPart().setName("value").setValue(new StringType("twelve"));
    assertThat(refusal(token, f.reportId(), null, notANumber)).isEqualTo(422);
    // a valid correction beside a bad one: nothing of the request is applied
    assertThat(refusal(token, f.reportId(), null,
        withCorrection(withCorrection(decision("amend"), "oedema", "10"), "whole-tumour", "-5"))).isEqualTo(422);
    assertThat(refusal(token, f.reportId(), null, decision("amend"))).as("amend without a correction").isEqualTo(422);
    assertThat(refusal(token, f.reportId(), null, decision("reject"))).as("reject without a reason").isEqualTo(422);
    assertThat(refusal(token, f.reportId(), null, decision("maybe"))).isEqualTo(400);
    assertThat(refusal(token, f.reportId(), null, withComment(new Parameters(), "no decision"))).isEqualTo(400);

    assertUnchanged(f);
  }

  @Test
  void unknownAndNonSegmentationReportsAreRefused() {
    assertThat(refusal(doctorToken(), unique("missing-"), null, decision("accept"))).isEqualTo(404);

    DiagnosticReport lab = new DiagnosticReport();
    lab.setStatus(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
    lab.setCode(SegmentationReportCoding.code());
    String patientId = SegmentationReportFixture.store(client, unique("v-other-")).patientId();
    lab.setSubject(new Reference("Patient/" + patientId));
    String labId = client.create().resource(lab).execute().getId().getIdPart();
    assertThat(refusal(doctorToken(), labId, null, decision("accept"))).isEqualTo(422);
  }

  @Test
  void aReviewedReportIsOnlyAmendedNotAcceptedOrRejectedAgain() {
    SegmentationReportFixture f = SegmentationReportFixture.store(client, unique("v-twice-"));
    review(f.reportId(), decision("accept"));

    assertThat(refusal(doctorToken(), f.reportId(), null, decision("accept"))).isEqualTo(409);
    assertThat(refusal(doctorToken(), f.reportId(), null, withComment(decision("reject"), "changed my mind")))
        .isEqualTo(409);

    SegmentationReportFixture g = SegmentationReportFixture.store(client, unique("v-gone-"));
    review(g.reportId(), withComment(decision("reject"), "wrong patient position"));
    assertThat(refusal(doctorToken(), g.reportId(), null, withCorrection(decision("amend"), "oedema", "1")))
        .isEqualTo(409);
    assertThat(client.read().resource(DiagnosticReport.class).withId(f.reportId()).cacheControl(NO_CACHE).execute()
        .getMeta().getVersionId()).isEqualTo("2");
  }

  private void assertUnchanged(SegmentationReportFixture f) {
    DiagnosticReport report = client.read().resource(DiagnosticReport.class).withId(f.reportId()).cacheControl(NO_CACHE)
        .execute();
    assertThat(report.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
    assertThat(report.getMeta().getVersionId()).isEqualTo("1");
    f.observationIds().values().forEach(id -> {
      Observation obs = client.read().resource(Observation.class).withId(id).cacheControl(NO_CACHE).execute();
      assertThat(obs.getMeta().getVersionId()).isEqualTo("1");
      assertThat(obs.getStatus()).isEqualTo(Observation.ObservationStatus.PRELIMINARY);
    });
  }
}
