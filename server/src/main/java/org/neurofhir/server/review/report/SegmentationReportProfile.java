package org.neurofhir.server.review.report;

import org.hl7.fhir.r4.model.DiagnosticReport;
import org.neurofhir.profiles.NeuroFhirCanonical;

/** Whether a DiagnosticReport is an AI segmentation report: it claims our profile (any version of it). */
public final class SegmentationReportProfile {

  private SegmentationReportProfile() {}

  public static boolean claimedBy(DiagnosticReport report) {
    return report.getMeta().getProfile().stream().anyMatch(p -> p.getValueAsString() != null
        && p.getValueAsString().split("\\|")[0].equals(NeuroFhirCanonical.PROFILE_SEGMENTATION_REPORT));
  }
}
