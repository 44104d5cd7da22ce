package org.neurofhir.profiles;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus;

/** Fixed codes and the status lifecycle of a brain tumour segmentation DiagnosticReport. */
public final class SegmentationReportCoding {

  /** LOINC 18748-4 "Diagnostic imaging study". */
  public static final String REPORT_LOINC_CODE = "18748-4";
  public static final String REPORT_LOINC_DISPLAY = "Diagnostic imaging study";
  /** HL7 v2 table 0074 "RAD" (radiology). */
  public static final String CATEGORY_RADIOLOGY = "RAD";

  /**
   * preliminary (AI output) -> final (clinician validated) -> amended/corrected; cancelled or
   * entered-in-error withdraw a report and are terminal.
   */
  private static final Map<DiagnosticReportStatus, Set<DiagnosticReportStatus>> NEXT = Map.of(
      DiagnosticReportStatus.PRELIMINARY, EnumSet.of(DiagnosticReportStatus.PRELIMINARY, DiagnosticReportStatus.FINAL,
          DiagnosticReportStatus.CANCELLED, DiagnosticReportStatus.ENTEREDINERROR),
      DiagnosticReportStatus.FINAL, EnumSet.of(DiagnosticReportStatus.AMENDED, DiagnosticReportStatus.CORRECTED,
          DiagnosticReportStatus.CANCELLED, DiagnosticReportStatus.ENTEREDINERROR),
      DiagnosticReportStatus.AMENDED, EnumSet.of(DiagnosticReportStatus.AMENDED, DiagnosticReportStatus.CORRECTED,
          DiagnosticReportStatus.CANCELLED, DiagnosticReportStatus.ENTEREDINERROR),
      DiagnosticReportStatus.CORRECTED, EnumSet.of(DiagnosticReportStatus.AMENDED, DiagnosticReportStatus.CORRECTED,
          DiagnosticReportStatus.CANCELLED, DiagnosticReportStatus.ENTEREDINERROR));

  private SegmentationReportCoding() {}

  public static CodeableConcept code() {
    CodeableConcept c = new CodeableConcept(new Coding(NeuroFhirCanonical.LOINC, REPORT_LOINC_CODE, REPORT_LOINC_DISPLAY));
    c.setText("Brain tumour segmentation");
    return c;
  }

  public static CodeableConcept radiologyCategory() {
    return new CodeableConcept(new Coding(NeuroFhirCanonical.DIAGNOSTIC_SERVICE_SECTION, CATEGORY_RADIOLOGY, "Radiology"));
  }

  /** Whether a stored report in status {@code from} may be updated to status {@code to}. */
  public static boolean isAllowedTransition(DiagnosticReportStatus from, DiagnosticReportStatus to) {
    return NEXT.getOrDefault(from, Set.of()).contains(to);
  }
}
