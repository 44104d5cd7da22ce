package org.neurofhir.server.review.report;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;

/**
 * Makes HAPI's {@code Composition/{id}/$document} answer a document FHIR R4 accepts: HAPI returns its search result
 * relabelled (a total, search modes, no identifier, no timestamp: bdl-1, bdl-2, bdl-9, bdl-10 fail). Here the search
 * parts go, the document gets an identifier (the same for the same Composition version, so a re-fetched document is
 * recognisably the same) and the time it was assembled, and a segmentation report's volume Observations come along
 * so the document stands alone.
 */
public class DocumentBundleCompletion {

  private final DaoRegistry daos;
  private final Clock clock;

  public DocumentBundleCompletion(DaoRegistry daos, Clock clock) {
    this.daos = daos;
    this.clock = clock;
  }

  @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
  public boolean outgoing(RequestDetails request, ResponseDetails response) {
    if (!"$document".equals(request.getOperation()) || !"Composition".equals(request.getResourceName())
        || !(response.getResponseResource() instanceof Bundle document)
        || document.getType() != Bundle.BundleType.DOCUMENT
        || !(document.getEntryFirstRep().getResource() instanceof Composition composition)) {
      return true;
    }
    document.setTotalElement(null);
    document.getLink().clear();
    document.getEntry().forEach(e -> e.setSearch(null));
    String version = composition.getIdElement().getIdPart() + "/_history/" + composition.getMeta().getVersionId();
    document.setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986")
        .setValue("urn:uuid:" + UUID.nameUUIDFromBytes(version.getBytes(StandardCharsets.UTF_8))));
    document.setTimestamp(Date.from(clock.instant()));
    addResults(document, request.getFhirServerBase());
    return true;
  }

  private void addResults(Bundle document, String base) {
    Set<String> present = new HashSet<>();
    document.getEntry().forEach(e -> present.add(e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart()));
    for (Bundle.BundleEntryComponent e : java.util.List.copyOf(document.getEntry())) {
      if (e.getResource() instanceof DiagnosticReport report && SegmentationReportProfile.claimedBy(report)) {
        for (Reference result : report.getResult()) {
          String id = result.getReferenceElement().getIdPart();
          if (present.add("Observation/" + id)) {
            try {
              Observation o = daos.getResourceDao(Observation.class).read(new IdType("Observation", id),
                  new SystemRequestDetails());
              document.addEntry().setFullUrl(base + "/Observation/" + id).setResource(o);
            } catch (ResourceNotFoundException | ResourceGoneException gone) {
              // a report naming a deleted result still makes a document; the reader sees the reference unresolved
            }
          }
        }
      }
    }
  }
}
