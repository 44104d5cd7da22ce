package org.neurofhir.server.review.report;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus;
import org.neurofhir.profiles.TumourRegion;

/**
 * Everything the PDF shows, gathered before drawing so the drawing reads no database.
 *
 * @param issued when this version of the report was issued: the PDF's date, so the same report renders the same
 */
record ReportContents(Clinic clinic, PatientLine patient, StudyLine study, ModelLine model, List<VolumeRow> volumes,
    List<TrendPoint> trend, Optional<byte[]> montagePng, String conclusion, ReviewLine review, String issued) {

  record Clinic(String name, String address, Optional<byte[]> logo) {}

  record PatientLine(String name, String mrn, String birthDate, String sex) {}

  record StudyLine(String date, String accession, List<String> series) {}

  /** {@code notForClinicalUse}: the model's manifest (intended use) says it must not be used clinically. */
  record ModelLine(String id, String version, String intendedUse, boolean notForClinicalUse) {}

  record VolumeRow(TumourRegion region, BigDecimal cm3, BigDecimal priorCm3, BigDecimal changeCm3,
      BigDecimal changePercent) {}

  /** One study on the trend chart; {@code current}: the study this report is about. */
  record TrendPoint(LocalDate date, Map<TumourRegion, BigDecimal> volumesCm3, boolean current) {}

  /** {@code reviewer}/{@code date} are empty while the report is preliminary. */
  record ReviewLine(DiagnosticReportStatus status, Optional<String> reviewer, Optional<String> date) {}
}
