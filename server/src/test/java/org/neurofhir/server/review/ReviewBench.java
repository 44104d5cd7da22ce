package org.neurofhir.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.neurofhir.inference.model.ModelManifest;
import org.neurofhir.inference.model.ModelRegistry;
import org.neurofhir.pipeline.config.PipelineProperties;
import org.neurofhir.pipeline.fhir.FhirPort;
import org.neurofhir.profiles.TumourRegion;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Not a test (its name keeps it out of the suite; bench/review/run.sh runs it): latency of {@code $review} with the
 * PDF regenerated, over HTTP, on a report whose patient has 5 reviewed prior studies. Prints one JSON line.
 */
class ReviewBench extends ReviewTestBase {

  static final String ENABLED = "neurofhir.bench.review";

  @Autowired FhirPort pipelinePort;
  @Autowired ModelRegistry models;
  @Autowired PipelineProperties pipeline;

  @Test
  void reviewWithPdfRegeneration() throws IOException {
    Assumptions.assumeTrue(Boolean.getBoolean(ENABLED), "run by bench/review/run.sh");
    int amends = Integer.getInteger(ENABLED + ".amends", 60);
    int patients = Integer.getInteger(ENABLED + ".patients", 6);
    int warmup = Integer.getInteger(ENABLED + ".warmup", 15);
    ModelManifest model = models.manifest(pipeline.modelId());

    List<Double> accepts = new ArrayList<>();
    String amendTarget = null;
    for (int p = 0; p < patients; p++) {
      PipelineReportFixture first = PipelineReportFixture.store(client, pipelinePort, model,
          Instant.parse("2025-01-06T08:00:00Z"));
      review(first.reportId(), decision("accept"));
      for (int s = 1; s < 5; s++) {
        PipelineReportFixture prior = PipelineReportFixture.store(client, pipelinePort, model, first.patientId(),
            first.family(), Instant.parse("2025-01-06T08:00:00Z").plus(s * 60L, ChronoUnit.DAYS), grown(s));
        review(prior.reportId(), decision("accept"));
      }
      PipelineReportFixture current = PipelineReportFixture.store(client, pipelinePort, model, first.patientId(),
          first.family(), Instant.parse("2026-01-06T08:00:00Z"), grown(5));
      long t0 = System.nanoTime();
      review(current.reportId(), decision("accept"));
      accepts.add((System.nanoTime() - t0) / 1e6);
      amendTarget = current.reportId();
    }

    List<Double> amendMs = new ArrayList<>();
    for (int i = 0; i < warmup + amends; i++) {
      String cm3 = new BigDecimal("25.00").add(new BigDecimal(i % 2 == 0 ? "1.25" : "2.50")).toPlainString();
      long t0 = System.nanoTime();
      review(amendTarget, withCorrection(decision("amend"), "oedema", cm3));
      if (i >= warmup) {
        amendMs.add((System.nanoTime() - t0) / 1e6);
      }
    }
    DiagnosticReport last = client.read().resource(DiagnosticReport.class).withId(amendTarget).execute();
    assertThat(last.getPresentedForm()).anyMatch(a -> "application/pdf".equals(a.getContentType()));

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("bench", "review");
    out.put("database", System.getProperty("neurofhir.test.database", "h2"));
    out.put("prior_reviewed_studies", 5);
    out.put("amend_samples", amendMs.size());
    out.put("amend_p50_ms", percentile(amendMs, 50));
    out.put("amend_p95_ms", percentile(amendMs, 95));
    out.put("amend_max_ms", percentile(amendMs, 100));
    out.put("accept_samples", accepts.size());
    out.put("accept_p50_ms", percentile(accepts, 50));
    out.put("accept_max_ms", percentile(accepts, 100));
    out.put("pdf_bytes", last.getPresentedForm().stream().filter(a -> "application/pdf".equals(a.getContentType()))
        .findFirst().map(a -> a.getSize()).orElse(0));
    out.put("target_p95_ms", 500);
    out.put("load_average", Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    StringBuilder json = new StringBuilder("{");
    out.forEach((k, v) -> json.append(json.length() > 1 ? ", " : "").append('"').append(k).append("\": ")
        .append(v instanceof String s ? "\"" + s + "\"" : v));
    json.append('}');
    System.out.println("REVIEW-BENCH " + json);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "review-bench-" + out.get("database") + ".json"), json + "\n");
    // the PDF of a report with a trend: what server/docs/review-report-page1.png shows
    String pdf = last.getPresentedForm().stream().filter(a -> "application/pdf".equals(a.getContentType()))
        .findFirst().orElseThrow().getUrl();
    Files.write(Path.of("target", "review-report-bench-" + out.get("database") + ".pdf"), clientWithToken(doctorToken()).read()
        .resource(org.hl7.fhir.r4.model.Binary.class).withUrl(pdf).execute().getContent());
  }

  /** Volumes that grow from study to study, so the trend chart has lines to draw. */
  private static Map<TumourRegion, BigDecimal> grown(int step) {
    Map<TumourRegion, BigDecimal> v = new LinkedHashMap<>();
    PipelineReportFixture.VOLUMES.forEach((region, cm3) ->
        v.put(region, cm3.multiply(BigDecimal.valueOf(0.6 + 0.08 * step)).setScale(2, java.math.RoundingMode.HALF_UP)));
    return v;
  }

  private static double percentile(List<Double> samples, int p) {
    List<Double> sorted = samples.stream().sorted().toList();
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return Math.round(sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) * 10) / 10.0;
  }
}
