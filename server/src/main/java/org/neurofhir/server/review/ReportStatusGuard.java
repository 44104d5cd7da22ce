package org.neurofhir.server.review;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.neurofhir.server.review.report.SegmentationReportProfile;

/**
 * A segmentation report's status changes only through {@code $review}: a plain PUT, PATCH or transaction entry
 * could otherwise make an AI result final with no Provenance, no reviewer and its Observations left preliminary.
 * Registered on the REST server only, so the review's and the in-process pipeline's own writes (no REST request)
 * pass; other edits (a typo in the conclusion) are still allowed.
 */
public class ReportStatusGuard {

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource updated) {
    if (previous instanceof DiagnosticReport before && updated instanceof DiagnosticReport after
        && (SegmentationReportProfile.claimedBy(before) || SegmentationReportProfile.claimedBy(after))
        && before.getStatus() != after.getStatus()) {
      throw new UnprocessableEntityException("DiagnosticReport/" + before.getIdElement().getIdPart() + " is a "
          + "segmentation report: its status (" + code(before) + " -> " + code(after) + ") changes only through POST "
          + "DiagnosticReport/" + before.getIdElement().getIdPart() + "/" + ReviewOperationProvider.OPERATION
          + ", which records who validated it");
    }
  }

  private static String code(DiagnosticReport r) {
    return r.hasStatus() ? r.getStatus().toCode() : "none";
  }
}
