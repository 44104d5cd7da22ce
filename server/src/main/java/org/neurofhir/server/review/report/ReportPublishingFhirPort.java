package org.neurofhir.server.review.report;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.neurofhir.pipeline.fhir.FhirPort;
import org.neurofhir.profiles.TumourRegion;

/**
 * The pipeline's FHIR port with the report's PDF added to the results transaction: when a transaction carries a
 * segmentation DiagnosticReport (SegmentationResultsBundle), its PDF, DocumentReference and Composition are written in
 * that same transaction, so no stored report is ever without its PDF. The pipeline itself knows nothing of PDFs.
 */
public class ReportPublishingFhirPort implements FhirPort {

  private final FhirPort delegate;
  private final ReportPublication publication;

  public ReportPublishingFhirPort(FhirPort delegate, ReportPublication publication) {
    this.delegate = delegate;
    this.publication = publication;
  }

  @Override
  public Bundle transaction(Bundle transaction) {
    Map<String, Resource> byReference = new HashMap<>();
    DiagnosticReport report = null;
    for (Bundle.BundleEntryComponent e : transaction.getEntry()) {
      Resource r = e.getResource();
      if (r == null || !r.getIdElement().hasIdPart()) {
        continue;
      }
      byReference.put(r.fhirType() + "/" + r.getIdElement().getIdPart(), r);
      if (r instanceof DiagnosticReport dr && SegmentationReportProfile.claimedBy(dr) && e.getRequest().getMethod() == Bundle.HTTPVerb.PUT) {
        report = dr;
      }
    }
    if (report != null) {
      Map<TumourRegion, Observation> volumes = new EnumMap<>(TumourRegion.class);
      for (var ref : report.getResult()) {
        if (byReference.get(ref.getReference()) instanceof Observation o) {
          ReportContentsReader.region(o).ifPresent(region -> volumes.put(region, o));
        }
      }
      Optional<Device> device = volumes.values().stream().filter(Observation::hasDevice).findFirst()
          .map(o -> byReference.get(o.getDevice().getReference())).filter(Device.class::isInstance).map(Device.class::cast);
      List<Resource> published = publication.publish(report, volumes, device);
      for (Resource r : published) {
        String url = r.fhirType() + "/" + r.getIdElement().getIdPart();
        transaction.addEntry().setFullUrl(url).setResource(r).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
      }
    }
    return delegate.transaction(transaction);
  }

  @Override
  public <T extends Resource> Optional<T> read(Class<T> type, String id) {
    return delegate.read(type, id);
  }

  @Override
  public <T extends Resource> T update(T resource) {
    return delegate.update(resource);
  }

  @Override
  public <T extends Resource> List<T> search(Class<T> type, String query) {
    return delegate.search(type, query);
  }
}
