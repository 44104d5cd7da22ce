package org.neurofhir.server.review;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.profiles.TumourRegion;
import org.neurofhir.server.review.report.ReportPublication;
import org.neurofhir.server.review.report.SegmentationReportProfile;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies one clinician review in one database transaction: the report, the Observations it changes and a Provenance
 * naming the new versions. Everything is checked before the first write, and every write is pinned to the version
 * read (a concurrent change fails the whole review with 409), so a refusal stores nothing.
 */
public class SegmentationReportReview {

  static final String DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";
  static final String PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";

  private final DaoRegistry daos;
  private final TransactionTemplate transaction;
  private final Clock clock;
  private final ReportPublication publication;

  public SegmentationReportReview(DaoRegistry daos, PlatformTransactionManager transactions, Clock clock,
      ReportPublication publication) {
    this.daos = daos;
    this.publication = publication;
    this.transaction = new TransactionTemplate(transactions);
    this.clock = clock;
  }

  public ReviewOutcome review(String reportId, Optional<String> expectedVersion, ReviewRequest request, Reviewer reviewer) {
    return transaction.execute(status -> reviewInTransaction(reportId, expectedVersion, request, reviewer));
  }

  private ReviewOutcome reviewInTransaction(String reportId, Optional<String> expectedVersion, ReviewRequest request,
      Reviewer reviewer) {
    DiagnosticReport report = read(DiagnosticReport.class, "DiagnosticReport", reportId)
        .orElseThrow(() -> new ResourceNotFoundException("DiagnosticReport/" + reportId + " does not exist"));
    if (!SegmentationReportProfile.claimedBy(report)) {
      throw new UnprocessableEntityException("DiagnosticReport/" + reportId + " is not a segmentation report ("
          + NeuroFhirCanonical.PROFILE_SEGMENTATION_REPORT + "); only AI segmentation results are reviewed here");
    }
    String version = report.getIdElement().getVersionIdPart();
    if (expectedVersion.isPresent() && !expectedVersion.get().equals(version)) {
      throw new PreconditionFailedException("DiagnosticReport/" + reportId + " is at version " + version + ", not "
          + expectedVersion.get() + " (If-Match): it changed since you read it; read it again before reviewing");
    }
    boolean released = switch (report.getStatus()) {
      case PRELIMINARY -> false;
      case FINAL, AMENDED, CORRECTED, APPENDED -> true;
      default -> throw new ResourceVersionConflictException("DiagnosticReport/" + reportId + " is "
          + report.getStatus().toCode() + ": there is nothing left to review");
    };
    if (released && request.decision() != ReviewDecision.AMEND) {
      throw new ResourceVersionConflictException("DiagnosticReport/" + reportId + " was already reviewed (status "
          + report.getStatus().toCode() + "); a validated report can only be amended");
    }
    Map<TumourRegion, Observation> volumes = volumes(report);
    for (TumourRegion region : request.corrections().keySet()) {
      if (!volumes.containsKey(region)) {
        throw new UnprocessableEntityException("DiagnosticReport/" + reportId + " reports no " + region.code()
            + " volume to correct");
      }
    }
    String modelVersion = modelVersion(volumes.values());
    Date now = Date.from(clock.instant());

    List<Resource> changed = new ArrayList<>();
    List<Reference> previous = new ArrayList<>();
    List<String> corrections = new ArrayList<>();
    for (var entry : volumes.entrySet()) {
      Observation obs = entry.getValue();
      BigDecimal corrected = request.corrections().get(entry.getKey());
      boolean valueChanges = corrected != null && CorrectedVolume.differs(obs, corrected);
      if (released && !valueChanges) {
        continue;   // after release only what the clinician corrected gets a new version
      }
      previous.add(versioned(obs));
      if (valueChanges) {
        corrections.add(entry.getKey().display().toLowerCase(java.util.Locale.ROOT) + " "
            + corrected.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString() + " cm3 (was "
            + obs.getValueQuantity().getValue().toPlainString() + ")");
        CorrectedVolume.apply(obs, corrected);
      }
      obs.setStatus(observationStatus(request.decision(), released));
      obs.setIssued(now);
      changed.add(obs);
    }

    previous.add(0, versioned(report));
    report.setStatus(reportStatus(request.decision(), released));
    report.setIssued(now);
    if (report.getResultsInterpreter().stream().noneMatch(r -> reviewer.reference().getReference().equals(r.getReference()))) {
      report.addResultsInterpreter(reviewer.reference());
    }
    report.setConclusion(ReviewedConclusion.text(report.getConclusion(), request, reviewer, now.toInstant(), corrections));
    // the PDF shows the state being stored, and is regenerated in this transaction: never a PDF of another version
    List<Resource> published = publication.publish(report, volumes, Optional.empty());
    changed.add(0, report);

    List<Reference> targets = new ArrayList<>();
    for (Resource r : changed) {
      DaoMethodOutcome outcome = dao(r).update(r, new SystemRequestDetails());
      IIdType id = outcome.getId();
      targets.add(new Reference(r.fhirType() + "/" + id.getIdPart() + "/_history/" + id.getVersionIdPart()));
      r.setId(id);
    }
    for (Resource r : published) {
      r.setId(dao(r).update(r, new SystemRequestDetails()).getId());
    }
    Provenance provenance = provenance(request, reviewer, targets, previous, now);
    DaoMethodOutcome created = daos.getResourceDao(Provenance.class).create(provenance, new SystemRequestDetails());
    provenance.setId(created.getId());
    return new ReviewOutcome(report, provenance, modelVersion);
  }

  private Provenance provenance(ReviewRequest request, Reviewer reviewer, List<Reference> targets,
      List<Reference> previous, Date now) {
    Provenance p = new Provenance();
    targets.forEach(p::addTarget);
    p.setRecorded(now);
    // v3-DataOperation has no "verify": an accepted or amended report is an UPDATE, a rejected one is NULLIFIED
    // (withdrawn); the decision itself is in the text
    String operation = request.decision() == ReviewDecision.REJECT ? "NULLIFY" : "UPDATE";
    p.setActivity(new CodeableConcept(new Coding(DATA_OPERATION, operation, operation.toLowerCase(java.util.Locale.ROOT)))
        .setText("review: " + request.decision().code()));
    p.addReason().setText(request.reason());
    p.addAgent().setType(new CodeableConcept(new Coding(PARTICIPANT_TYPE, "verifier", "Verifier")))
        .setWho(reviewer.reference().setDisplay(reviewer.username()));
    previous.forEach(v -> p.addEntity().setRole(Provenance.ProvenanceEntityRole.REVISION).setWhat(v));
    return p;
  }

  private static DiagnosticReportStatus reportStatus(ReviewDecision decision, boolean released) {
    return switch (decision) {
      case ACCEPT -> DiagnosticReportStatus.FINAL;
      // corrections made while validating are part of the first release; only a change to a released report is
      // an amendment (FHIR: amended = "subsequent to being final")
      case AMEND -> released ? DiagnosticReportStatus.AMENDED : DiagnosticReportStatus.FINAL;
      case REJECT -> DiagnosticReportStatus.CANCELLED;
    };
  }

  private static ObservationStatus observationStatus(ReviewDecision decision, boolean released) {
    return switch (decision) {
      case ACCEPT -> ObservationStatus.FINAL;
      case AMEND -> released ? ObservationStatus.AMENDED : ObservationStatus.FINAL;
      case REJECT -> ObservationStatus.CANCELLED;
    };
  }

  private Map<TumourRegion, Observation> volumes(DiagnosticReport report) {
    Map<TumourRegion, Observation> volumes = new EnumMap<>(TumourRegion.class);
    for (Reference ref : report.getResult()) {
      IIdType id = ref.getReferenceElement();
      if (!"Observation".equals(id.getResourceType())) {
        continue;
      }
      Observation obs = read(Observation.class, "Observation", id.getIdPart())
          .orElseThrow(() -> new UnprocessableEntityException("DiagnosticReport/" + report.getIdElement().getIdPart()
              + " names " + ref.getReference() + ", which does not exist"));
      obs.getBodySite().getCoding().stream()
          .filter(c -> NeuroFhirCanonical.CS_TUMOUR_REGION.equals(c.getSystem()))
          .findFirst()
          .ifPresent(c -> volumes.put(TumourRegion.fromCode(c.getCode()), obs));
    }
    return volumes;
  }

  private String modelVersion(Iterable<Observation> observations) {
    for (Observation obs : observations) {
      if (obs.hasDevice() && "Device".equals(obs.getDevice().getReferenceElement().getResourceType())) {
        Optional<Device> device = read(Device.class, "Device", obs.getDevice().getReferenceElement().getIdPart());
        if (device.isPresent() && device.get().hasVersion()) {
          return device.get().getVersionFirstRep().getValue();
        }
      }
    }
    return "unknown";
  }

  private <T extends Resource> Optional<T> read(Class<T> type, String typeName, String id) {
    try {
      return Optional.of(daos.getResourceDao(type).read(new IdType(typeName, id), new SystemRequestDetails()));
    } catch (ResourceNotFoundException | ca.uhn.fhir.rest.server.exceptions.ResourceGoneException e) {
      return Optional.empty();
    }
  }

  @SuppressWarnings("unchecked")
  private <T extends Resource> IFhirResourceDao<T> dao(T resource) {
    return (IFhirResourceDao<T>) daos.getResourceDao(resource.getClass());
  }

  private static Reference versioned(Resource r) {
    return new Reference(r.fhirType() + "/" + r.getIdElement().getIdPart() + "/_history/"
        + r.getIdElement().getVersionIdPart());
  }
}
