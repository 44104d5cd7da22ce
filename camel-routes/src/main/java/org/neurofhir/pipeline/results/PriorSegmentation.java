package org.neurofhir.pipeline.results;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.neurofhir.pipeline.fhir.FhirPort;
import org.neurofhir.pipeline.task.PipelineIdentifiers;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.profiles.SegmentationReportCoding;
import org.neurofhir.profiles.TumourRegion;

/** The patient's latest segmentation before a given time: its date and volume per region. */
public record PriorSegmentation(String reportId, Instant effective, Map<TumourRegion, BigDecimal> volumesCm3) {

  /** Finds the newest segmentation report of the patient strictly earlier than {@code before}, other than this job's. */
  public static Optional<PriorSegmentation> find(FhirPort fhir, String patientId, Instant before, String excludeKey) {
    String query = "subject=Patient/" + patientId + "&code=" + NeuroFhirCanonical.LOINC + "|"
        + SegmentationReportCoding.REPORT_LOINC_CODE;
    return fhir.search(DiagnosticReport.class, query).stream()
        .filter(r -> r.getIdentifier().stream().anyMatch(i -> PipelineIdentifiers.SEGMENTATION_JOB.equals(i.getSystem())
            && !excludeKey.equals(i.getValue())))
        .filter(r -> r.getStatus() != DiagnosticReport.DiagnosticReportStatus.CANCELLED
            && r.getStatus() != DiagnosticReport.DiagnosticReportStatus.ENTEREDINERROR)
        .filter(r -> r.hasEffectiveDateTimeType() && r.getEffectiveDateTimeType().getValue().toInstant().isBefore(before))
        .max(java.util.Comparator.comparing(r -> r.getEffectiveDateTimeType().getValue()))
        .map(r -> load(fhir, r));
  }

  private static PriorSegmentation load(FhirPort fhir, DiagnosticReport report) {
    Map<TumourRegion, BigDecimal> volumes = new EnumMap<>(TumourRegion.class);
    for (Reference ref : report.getResult()) {
      fhir.read(Observation.class, ref.getReferenceElement().getIdPart()).ifPresent(o -> {
        if (!o.hasValueQuantity()) {
          return;
        }
        o.getBodySite().getCoding().stream()
            .filter(c -> NeuroFhirCanonical.CS_TUMOUR_REGION.equals(c.getSystem()))
            .findFirst()
            .ifPresent(c -> volumes.put(TumourRegion.fromCode(c.getCode()), o.getValueQuantity().getValue()));
      });
    }
    return new PriorSegmentation(report.getIdElement().getIdPart(),
        report.getEffectiveDateTimeType().getValue().toInstant(), volumes);
  }
}
