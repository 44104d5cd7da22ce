package org.neurofhir.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.neurofhir.pipeline.fhir.FhirPort;
import org.neurofhir.pipeline.results.PriorSegmentation;
import org.neurofhir.profiles.TumourRegion;
import org.neurofhir.server.support.Poll;
import org.springframework.beans.factory.annotation.Autowired;

/** accept, amend and reject: statuses, corrected values, the Provenance, history, worklist, metric, audit and trend. */
class ReviewDecisionTest extends ReviewTestBase {

  private static final CacheControlDirective NO_CACHE = new CacheControlDirective().setNoCache(true);

  @Autowired FhirPort pipelinePort;

  @Test
  void acceptMakesReportAndVolumesFinalAndRecordsWhoValidatedWhichVersions() throws Exception {
    String model = unique("v-accept-");
    SegmentationReportFixture f = SegmentationReportFixture.store(client, model);
    assertThat(worklist(f.patientId())).containsExactly(f.reportId());

    Parameters out = review(doctorToken(), f.reportId(), "W/\"1\"", withComment(decision("accept"), "volumes match"));

    DiagnosticReport report = read(DiagnosticReport.class, f.reportId());
    assertThat(report.getStatus()).isEqualTo(DiagnosticReportStatus.FINAL);
    assertThat(report.getMeta().getVersionId()).isEqualTo("2");
    assertThat(report.getResultsInterpreterFirstRep().getReference()).isEqualTo("Practitioner/" + practitionerId);
    for (var e : f.observationIds().entrySet()) {
      Observation obs = read(Observation.class, e.getValue());
      assertThat(obs.getStatus()).isEqualTo(ObservationStatus.FINAL);
      assertThat(obs.getValueQuantity().getValue()).isEqualByComparingTo(SegmentationReportFixture.AI_VOLUMES.get(e.getKey()));
      assertThat(obs.getMeta().getVersionId()).isEqualTo("2");
    }

    Provenance provenance = storedProvenance(out);
    assertThat(provenance.getAgentFirstRep().getWho().getReference()).isEqualTo("Practitioner/" + practitionerId);
    assertThat(provenance.getAgentFirstRep().getType().getCodingFirstRep().getCode()).isEqualTo("verifier");
    assertThat(provenance.getActivity().getCodingFirstRep().getCode()).isEqualTo("UPDATE");
    assertThat(provenance.getActivity().getText()).isEqualTo("review: accept");
    assertThat(provenance.getReasonFirstRep().getText()).isEqualTo("volumes match");
    assertThat(provenance.getRecorded()).isNotNull();
    assertThat(targets(provenance)).hasSize(6).contains("DiagnosticReport/" + f.reportId() + "/_history/2");
    f.observationIds().values().forEach(id -> assertThat(targets(provenance)).contains("Observation/" + id + "/_history/2"));
    assertThat(provenance.getEntity()).extracting(e -> e.getWhat().getReference())
        .contains("DiagnosticReport/" + f.reportId() + "/_history/1");

    Bundle history = client.history().onInstance("DiagnosticReport/" + f.reportId()).returnBundle(Bundle.class).execute();
    assertThat(history.getEntry()).extracting(e -> ((DiagnosticReport) e.getResource()).getStatus())
        .containsExactly(DiagnosticReportStatus.FINAL, DiagnosticReportStatus.PRELIMINARY);
    assertThat(worklist(f.patientId())).isEmpty();

    assertThat(prometheus()).contains("decision=\"accept\",model_version=\"" + model + "\"} 1.0");
    Poll.until(Duration.ofSeconds(20), "AuditEvent of the review", () -> client.search()
        .byUrl("AuditEvent?entity-name=DiagnosticReport/" + f.reportId() + "/$review").cacheControl(NO_CACHE)
        .returnBundle(Bundle.class).execute().getEntry().stream()
        .map(e -> (AuditEvent) e.getResource())
        .anyMatch(a -> a.getOutcome() == AuditEvent.AuditEventOutcome._0));
  }

  @Test
  void amendWhilePreliminaryReleasesTheCorrectedVolumeAsFinalWithTheChangeRecomputed() {
    Map<TumourRegion, BigDecimal> prior = Map.of(TumourRegion.WHOLE_TUMOUR, new BigDecimal("25.00"),
        TumourRegion.TUMOUR_CORE, new BigDecimal("10.00"), TumourRegion.ENHANCING_TUMOUR, new BigDecimal("6.00"),
        TumourRegion.NECROTIC_CORE, new BigDecimal("4.00"), TumourRegion.OEDEMA, new BigDecimal("16.00"));
    String patientId = SegmentationReportFixture.store(client, unique("v-prior-")).patientId();
    SegmentationReportFixture f = SegmentationReportFixture.store(client, patientId, unique("v-amend-"),
        Instant.parse("2026-03-01T09:00:00Z"), prior);

    Parameters input = withCorrection(decision("amend"), "oedema", "20");
    input.addParameter().setName("conclusion").setValue(new org.hl7.fhir.r4.model.StringType("Oedema larger than measured."));
    review(f.reportId(), withComment(input, "oedema under-segmented"));

    assertThat(read(DiagnosticReport.class, f.reportId()).getStatus()).isEqualTo(DiagnosticReportStatus.FINAL);
    assertThat(read(DiagnosticReport.class, f.reportId()).getConclusion()).isEqualTo("Oedema larger than measured.");
    Observation oedema = read(Observation.class, f.observationIds().get(TumourRegion.OEDEMA));
    assertThat(oedema.getStatus()).isEqualTo(ObservationStatus.FINAL);
    assertThat(oedema.getValueQuantity().getValue()).isEqualByComparingTo("20.00");
    assertThat(oedema.getComponent().get(0).getValueQuantity().getValue()).isEqualByComparingTo("4.00");
    assertThat(oedema.getComponent().get(1).getValueQuantity().getValue()).isEqualByComparingTo("25.0");
    Observation core = read(Observation.class, f.observationIds().get(TumourRegion.TUMOUR_CORE));
    assertThat(core.getStatus()).isEqualTo(ObservationStatus.FINAL);
    assertThat(core.getValueQuantity().getValue()).isEqualByComparingTo("12.00");

    Observation original = client.read().resource(Observation.class)
        .withUrl("Observation/" + oedema.getIdElement().getIdPart() + "/_history/1").execute();
    assertThat(original.getValueQuantity().getValue()).isEqualByComparingTo("18.00");
    assertThat(original.getStatus()).isEqualTo(ObservationStatus.PRELIMINARY);
  }

  @Test
  void amendAfterReleaseMarksReportAndOnlyTheCorrectedVolumeAmended() {
    SegmentationReportFixture f = SegmentationReportFixture.store(client, unique("v-late-"));
    review(f.reportId(), decision("accept"));

    Parameters out = review(doctorToken(), f.reportId(), "W/\"2\"",
        withComment(withCorrection(decision("amend"), "necrotic-core", "3.5"), "necrosis over-called"));

    assertThat(read(DiagnosticReport.class, f.reportId()).getStatus()).isEqualTo(DiagnosticReportStatus.AMENDED);
    assertThat(read(DiagnosticReport.class, f.reportId()).getConclusion()).contains("3.50 cm3 (was 5.00)");
    Observation necrotic = read(Observation.class, f.observationIds().get(TumourRegion.NECROTIC_CORE));
    assertThat(necrotic.getStatus()).isEqualTo(ObservationStatus.AMENDED);
    assertThat(necrotic.getMeta().getVersionId()).isEqualTo("3");
    Observation oedema = read(Observation.class, f.observationIds().get(TumourRegion.OEDEMA));
    assertThat(oedema.getStatus()).isEqualTo(ObservationStatus.FINAL);
    assertThat(oedema.getMeta().getVersionId()).isEqualTo("2");
    assertThat(targets(storedProvenance(out))).containsExactlyInAnyOrder(
        "DiagnosticReport/" + f.reportId() + "/_history/3",
        "Observation/" + necrotic.getIdElement().getIdPart() + "/_history/3");
  }

  @Test
  void rejectCancelsReportAndVolumesWithTheReason() {
    String model = unique("v-reject-");
    SegmentationReportFixture f = SegmentationReportFixture.store(client, model);

    Parameters out = review(f.reportId(), withComment(decision("reject"), "motion artefact, segmentation unusable"));

    DiagnosticReport report = read(DiagnosticReport.class, f.reportId());
    assertThat(report.getStatus()).isEqualTo(DiagnosticReportStatus.CANCELLED);
    assertThat(report.getConclusion()).contains("motion artefact, segmentation unusable");
    f.observationIds().values().forEach(id ->
        assertThat(read(Observation.class, id).getStatus()).isEqualTo(ObservationStatus.CANCELLED));
    Provenance provenance = storedProvenance(out);
    assertThat(provenance.getActivity().getCodingFirstRep().getCode()).isEqualTo("NULLIFY");
    assertThat(provenance.getReasonFirstRep().getText()).isEqualTo("motion artefact, segmentation unusable");
    assertThat(prometheus()).contains("decision=\"reject\",model_version=\"" + model + "\"} 1.0");
  }

  /** What the pipeline compares a new study with: the reviewed volumes, and never a rejected report. */
  @Test
  void priorStudyComparisonUsesReviewedVolumesAndSkipsRejectedReports() {
    SegmentationReportFixture first = SegmentationReportFixture.store(client, unique("v-trend-"));
    review(first.reportId(), withCorrection(decision("amend"), "oedema", "21.25"));
    SegmentationReportFixture second = SegmentationReportFixture.store(client, first.patientId(), unique("v-trend-"),
        Instant.parse("2026-02-10T09:00:00Z"), null);
    review(second.reportId(), withComment(decision("reject"), "wrong series"));

    PriorSegmentation prior = PriorSegmentation.find(pipelinePort, first.patientId(),
        Instant.parse("2026-06-01T00:00:00Z"), "a-later-job").orElseThrow();

    assertThat(prior.reportId()).isEqualTo(first.reportId());
    assertThat(prior.volumesCm3().get(TumourRegion.OEDEMA)).isEqualByComparingTo("21.25");
    assertThat(prior.volumesCm3().get(TumourRegion.WHOLE_TUMOUR)).isEqualByComparingTo("30.00");
  }

  private List<String> worklist(String patientId) {
    Bundle b = client.search().byUrl("DiagnosticReport?status=preliminary&code=http://loinc.org|18748-4&subject=Patient/"
        + patientId).cacheControl(NO_CACHE).returnBundle(Bundle.class).execute();
    return b.getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
  }

  private <T extends org.hl7.fhir.r4.model.Resource> T read(Class<T> type, String id) {
    return client.read().resource(type).withId(id).cacheControl(NO_CACHE).execute();
  }

  /** The Provenance the review answered with, as stored. */
  private Provenance storedProvenance(Parameters out) {
    Provenance answered = (Provenance) out.getParameter().stream().filter(p -> "provenance".equals(p.getName()))
        .findFirst().orElseThrow().getResource();
    return read(Provenance.class, answered.getIdElement().getIdPart());
  }

  private static List<String> targets(Provenance p) {
    return p.getTarget().stream().map(Reference::getReference).toList();
  }

  private String prometheus() {
    try {
      HttpResponse<String> r = http.send(
          authorized(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/prometheus"))).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
