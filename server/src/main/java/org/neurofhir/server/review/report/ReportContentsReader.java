package org.neurofhir.server.review.report;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.jpa.binary.api.IBinaryStorageSvc;
import ca.uhn.fhir.util.HapiExtensions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.neurofhir.pipeline.intake.StudyIntake;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.profiles.SegmentationReportCoding;
import org.neurofhir.profiles.TumourRegion;
import org.neurofhir.profiles.TumourVolumeChange;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gathers what a report's PDF shows from the report and its volumes as they are about to be stored (a review's or the
 * pipeline's new state) and from the stored patient, study, model Device, reviewer and the patient's other reviewed
 * reports (the trend: only validated values, never a preliminary or rejected one).
 */
class ReportContentsReader {

  static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
  static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  /** Enough for years of follow-up scans; older studies fall off the left of the chart. */
  private static final int MAX_TREND_STUDIES = 50;

  private final FhirContext fhir;
  private final DaoRegistry daos;
  private final MatchUrlService matchUrls;
  private final ReportContents.Clinic clinic;
  private final IBinaryStorageSvc binaryStorage;
  private final TransactionTemplate blobs;

  ReportContentsReader(FhirContext fhir, DaoRegistry daos, MatchUrlService matchUrls, ReportContents.Clinic clinic,
      IBinaryStorageSvc binaryStorage, PlatformTransactionManager transactions) {
    this.fhir = fhir;
    this.daos = daos;
    this.matchUrls = matchUrls;
    this.clinic = clinic;
    this.binaryStorage = binaryStorage;
    // the blob store reads within a transaction; a review's is joined
    this.blobs = new TransactionTemplate(transactions);
  }

  /** {@code device}: the model's Device when it is written with the report (the pipeline's first result of a model). */
  ReportContents read(DiagnosticReport report, Map<TumourRegion, Observation> volumes, Optional<Device> device) {
    String patientId = report.getSubject().getReferenceElement().getIdPart();
    Patient patient = read(Patient.class, patientId).orElse(new Patient());
    Optional<ImagingStudy> study = report.getImagingStudy().stream().findFirst()
        .flatMap(r -> read(ImagingStudy.class, r.getReferenceElement().getIdPart()));
    Optional<Device> model = device.or(() -> volumes.values().stream().filter(Observation::hasDevice).findFirst()
        .flatMap(o -> read(Device.class, o.getDevice().getReferenceElement().getIdPart())));
    return new ReportContents(clinic, patientLine(patient), studyLine(report, study), modelLine(model),
        rows(volumes), trend(report, patientId, volumes), montage(report), report.getConclusion(), review(report),
        report.hasIssued() ? MINUTE.format(report.getIssued().toInstant()) : "(not issued)");
  }

  private static ReportContents.PatientLine patientLine(Patient p) {
    String name = p.getName().stream().findFirst().map(n -> {
      String given = String.join(" ", n.getGiven().stream().map(g -> g.getValue()).toList());
      return (n.hasFamily() ? n.getFamily().toUpperCase(Locale.ROOT) : "") + (given.isEmpty() ? "" : ", " + given);
    }).filter(s -> !s.isBlank()).orElse("(no name)");
    String mrn = p.getIdentifier().stream()
        .filter(i -> NeuroFhirCanonical.IDENTIFIER_MEDICAL_RECORD_NUMBER.equals(i.getSystem()) && i.hasValue())
        .map(i -> i.getValue()).findFirst().orElse("(none)");
    String birth = p.hasBirthDate() ? p.getBirthDateElement().getValueAsString() : "(unknown)";
    String sex = p.hasGender() ? p.getGender().getDisplay() : "(unknown)";
    return new ReportContents.PatientLine(name, mrn, birth, sex);
  }

  private static ReportContents.StudyLine studyLine(DiagnosticReport report, Optional<ImagingStudy> study) {
    Date when = study.filter(ImagingStudy::hasStarted).map(ImagingStudy::getStarted)
        .orElse(report.hasEffectiveDateTimeType() ? report.getEffectiveDateTimeType().getValue() : null);
    String accession = study.flatMap(s -> s.getIdentifier().stream()
        .filter(i -> i.getType().getCoding().stream().anyMatch(c -> "ACSN".equals(c.getCode())) && i.hasValue())
        .map(i -> i.getValue()).findFirst()).orElse("(none)");
    List<String> series = new ArrayList<>();
    study.ifPresent(s -> StudyIntake.seriesBySequence(s).forEach((sequence, chosen) -> series.add(sequence.code()
        + ": series " + chosen.getNumber() + (chosen.hasDescription() ? " (" + chosen.getDescription() + ")" : ""))));
    return new ReportContents.StudyLine(when == null ? "(unknown)" : DAY.format(when.toInstant()), accession, series);
  }

  private static ReportContents.ModelLine modelLine(Optional<Device> device) {
    if (device.isEmpty()) {
      return new ReportContents.ModelLine("(unknown)", "(unknown)", "", false);
    }
    Device d = device.get();
    String id = d.getDeviceName().stream().findFirst().map(n -> n.getName()).orElse("(unknown)");
    String version = d.hasVersion() ? d.getVersionFirstRep().getValue() : "(unknown)";
    String use = String.join(" ", d.getNote().stream().map(n -> n.getText()).toList());
    // the manifest's intendedUse is the model card's own words (AiModelDevice copies it into Device.note)
    boolean notClinical = use.toLowerCase(Locale.ROOT).contains("not for clinical use");
    return new ReportContents.ModelLine(id, version, use, notClinical);
  }

  private static List<ReportContents.VolumeRow> rows(Map<TumourRegion, Observation> volumes) {
    List<ReportContents.VolumeRow> rows = new ArrayList<>();
    for (TumourRegion region : ReportOrder.REGIONS) {
      Observation o = volumes.get(region);
      if (o == null || !o.hasValueQuantity()) {
        continue;
      }
      BigDecimal cm3 = o.getValueQuantity().getValue();
      BigDecimal change = component(o, TumourVolumeChange.ABSOLUTE);
      BigDecimal prior = change == null ? null : cm3.subtract(change);
      BigDecimal percent = component(o, TumourVolumeChange.PERCENT);
      if (percent == null && prior != null && prior.signum() != 0) {
        percent = change.multiply(BigDecimal.valueOf(100)).divide(prior, MathContext.DECIMAL64)
            .setScale(1, RoundingMode.HALF_UP);
      }
      rows.add(new ReportContents.VolumeRow(region, cm3, prior, change, percent));
    }
    return rows;
  }

  private static BigDecimal component(Observation o, TumourVolumeChange kind) {
    return o.getComponent().stream()
        .filter(c -> c.getCode().getCoding().stream().anyMatch(x ->
            NeuroFhirCanonical.CS_TUMOUR_VOLUME_CHANGE.equals(x.getSystem()) && kind.code().equals(x.getCode())))
        .filter(c -> c.hasValueQuantity()).map(c -> c.getValueQuantity().getValue()).findFirst().orElse(null);
  }

  /** The patient's reviewed studies (one query, results included) and this one, oldest first. */
  private List<ReportContents.TrendPoint> trend(DiagnosticReport current, String patientId,
      Map<TumourRegion, Observation> currentVolumes) {
    String query = "subject=Patient/" + patientId + "&code=" + NeuroFhirCanonical.LOINC + "|"
        + SegmentationReportCoding.REPORT_LOINC_CODE + "&status=final,amended,corrected&_sort=-date&_count="
        + MAX_TREND_STUDIES;
    List<Resource> found = search(DiagnosticReport.class, query, MAX_TREND_STUDIES);
    List<String> resultIds = found.stream().filter(DiagnosticReport.class::isInstance)
        .flatMap(r -> ((DiagnosticReport) r).getResult().stream())
        .map(ref -> ref.getReferenceElement().getIdPart()).filter(id -> id != null).distinct().toList();
    Map<String, Observation> observations = new HashMap<>();
    if (!resultIds.isEmpty()) {
      // one query for all their volumes (the reports' current Observation versions: the reviewed values)
      search(Observation.class, "_id=" + String.join(",", resultIds), resultIds.size()).stream()
          .map(Observation.class::cast)
          .forEach(o -> observations.put("Observation/" + o.getIdElement().getIdPart(), o));
    }
    String currentId = current.getIdElement().getIdPart();
    List<ReportContents.TrendPoint> points = new ArrayList<>();
    for (Resource r : found) {
      if (r instanceof DiagnosticReport other && !other.getIdElement().getIdPart().equals(currentId)
          && other.hasEffectiveDateTimeType()) {
        Map<TumourRegion, Observation> v = new EnumMap<>(TumourRegion.class);
        for (Reference ref : other.getResult()) {
          Observation o = observations.get("Observation/" + ref.getReferenceElement().getIdPart());
          if (o != null) {
            region(o).ifPresent(region -> v.put(region, o));
          }
        }
        points.add(point(other, v, false));
      }
    }
    if (current.hasEffectiveDateTimeType() && current.getStatus() != DiagnosticReportStatus.CANCELLED
        && current.getStatus() != DiagnosticReportStatus.ENTEREDINERROR) {
      points.add(point(current, currentVolumes, true));
    }
    points.sort(Comparator.comparing(ReportContents.TrendPoint::date));
    return points;
  }

  private static ReportContents.TrendPoint point(DiagnosticReport r, Map<TumourRegion, Observation> volumes,
      boolean current) {
    Map<TumourRegion, BigDecimal> cm3 = new EnumMap<>(TumourRegion.class);
    volumes.forEach((region, o) -> {
      if (o.hasValueQuantity()) {
        cm3.put(region, o.getValueQuantity().getValue());
      }
    });
    LocalDate day = LocalDate.ofInstant(r.getEffectiveDateTimeType().getValue().toInstant(), ZoneOffset.UTC);
    return new ReportContents.TrendPoint(day, cm3, current);
  }

  private List<Resource> search(Class<? extends Resource> type, String query, int max) {
    SearchParameterMap map = matchUrls.translateMatchUrl(query, fhir.getResourceDefinition(type));
    map.setLoadSynchronous(true);
    map.setLoadSynchronousUpTo(max);
    return daos.getResourceDao(type).search(map, new SystemRequestDetails()).getAllResources().stream()
        .map(Resource.class::cast).toList();
  }

  static Optional<TumourRegion> region(Observation o) {
    return o.getBodySite().getCoding().stream()
        .filter(c -> NeuroFhirCanonical.CS_TUMOUR_REGION.equals(c.getSystem()))
        .findFirst().map(c -> TumourRegion.fromCode(c.getCode()));
  }

  /**
   * The overlay PNG. A report written over REST may have had it moved to HAPI's binary storage (the attachment then
   * holds only the blob's id), which DAO reads do not inline.
   */
  private Optional<byte[]> montage(DiagnosticReport report) {
    for (Attachment a : report.getPresentedForm()) {
      if (!"image/png".equals(a.getContentType())) {
        continue;
      }
      if (a.getData() != null) {
        return Optional.of(a.getData());
      }
      Extension blob = a.getDataElement().getExtensionByUrl(HapiExtensions.EXT_EXTERNALIZED_BINARY_ID);
      if (blob != null && binaryStorage != null && blob.getValue() instanceof PrimitiveType<?> blobId) {
        return Optional.ofNullable(blobs.execute(tx -> {
          try {
            return binaryStorage.fetchBinaryContent(report.getIdElement().toUnqualifiedVersionless(),
                blobId.getValueAsString());
          } catch (IOException e) {
            throw new UncheckedIOException("overlay of DiagnosticReport/" + report.getIdElement().getIdPart()
                + " unreadable in binary storage", e);
          }
        }));
      }
    }
    return Optional.empty();
  }

  private ReportContents.ReviewLine review(DiagnosticReport report) {
    if (report.getStatus() == DiagnosticReportStatus.PRELIMINARY || !report.hasResultsInterpreter()) {
      return new ReportContents.ReviewLine(report.getStatus(), Optional.empty(), Optional.empty());
    }
    Reference who = report.getResultsInterpreter().get(report.getResultsInterpreter().size() - 1);
    String name = read(Practitioner.class, who.getReferenceElement().getIdPart())
        .flatMap(p -> p.getName().stream().findFirst()).map(n -> n.getNameAsSingleString())
        .filter(s -> !s.isBlank()).orElse(who.getReference());
    return new ReportContents.ReviewLine(report.getStatus(), Optional.of(name),
        Optional.ofNullable(report.getIssued()).map(d -> MINUTE.format(d.toInstant())));
  }

  private <T extends Resource> Optional<T> read(Class<T> type, String id) {
    if (id == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(daos.getResourceDao(type).read(new org.hl7.fhir.r4.model.IdType(fhir.getResourceType(type), id),
          new SystemRequestDetails()));
    } catch (ResourceNotFoundException | ResourceGoneException e) {
      return Optional.empty();
    }
  }
}
