package org.neurofhir.pipeline.results;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.neurofhir.inference.model.ModelManifest;
import org.neurofhir.inference.segmentation.SegmentationResult;
import org.neurofhir.pipeline.job.SegmentationJob;
import org.neurofhir.pipeline.task.JobStage;
import org.neurofhir.pipeline.task.PipelineIdentifiers;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.profiles.SegmentationProvenance;
import org.neurofhir.profiles.SegmentationReportCoding;
import org.neurofhir.profiles.TumourRegion;
import org.neurofhir.profiles.TumourVolumeObservationFactory;

/**
 * The one transaction that publishes a segmentation: Device (model, upserted), label-map Binary, five volume
 * Observations, the DiagnosticReport, Provenance and the completed Task. Every resource has an id derived from the
 * job's idempotency key and is written with PUT, so a repeated transaction (redelivered job) rewrites the same
 * resources (HAPI keeps an unchanged resource's version) instead of adding new ones.
 */
public final class SegmentationResultsBundle {

  /** The reported regions, in the order a reader expects them. */
  static final List<TumourRegion> REGIONS = List.of(TumourRegion.WHOLE_TUMOUR, TumourRegion.TUMOUR_CORE,
      TumourRegion.ENHANCING_TUMOUR, TumourRegion.NECROTIC_CORE, TumourRegion.OEDEMA);
  public static final String LABEL_MAP_CONTENT_TYPE = "application/gzip";
  public static final String OVERLAY_CONTENT_TYPE = "image/png";

  private SegmentationResultsBundle() {}

  public static String reportId(String idempotencyKey) {
    return "seg-" + idempotencyKey + "-report";
  }

  public static Bundle build(SegmentationJob job, Task task, ModelManifest model, SegmentationResult result,
      byte[] labelMapNiftiGz, byte[] overlayPng, Optional<PriorSegmentation> prior, String softwareVersion,
      Instant now) {
    String base = "seg-" + job.idempotencyKey();
    Device device = AiModelDevice.of(model);
    Reference patient = new Reference("Patient/" + job.patientId());
    Reference study = new Reference("ImagingStudy/" + job.imagingStudyId());
    Reference deviceRef = new Reference("Device/" + device.getIdPart());
    SegmentationProvenance source = new SegmentationProvenance(patient, study, deviceRef, Date.from(job.effective()));

    Binary labels = new Binary();
    labels.setId(base + "-labels");
    labels.setContentType(LABEL_MAP_CONTENT_TYPE);
    labels.setData(labelMapNiftiGz);
    labels.setSecurityContext(patient.copy());

    List<Observation> observations = new ArrayList<>();
    for (TumourRegion region : REGIONS) {
      BigDecimal cm3 = BigDecimal.valueOf(result.volumeCm3(org.neurofhir.inference.volumetrics.TumourRegion.fromCode(region.code())));
      BigDecimal priorCm3 = prior.map(p -> p.volumesCm3().get(region)).orElse(null);
      Observation obs = priorCm3 == null
          ? TumourVolumeObservationFactory.create(source, region, cm3)
          : TumourVolumeObservationFactory.createWithPrior(source, region, cm3, priorCm3);
      obs.setId(base + "-" + region.code());
      obs.setIssued(Date.from(now));
      observations.add(obs);
    }

    DiagnosticReport report = new DiagnosticReport();
    report.setId(reportId(job.idempotencyKey()));
    report.getMeta().addProfile(NeuroFhirCanonical.PROFILE_SEGMENTATION_REPORT);
    report.addIdentifier(PipelineIdentifiers.job(job.idempotencyKey()));
    report.setStatus(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
    report.addCategory(SegmentationReportCoding.radiologyCategory());
    report.setCode(SegmentationReportCoding.code());
    report.setSubject(patient.copy());
    report.setEffective(new DateTimeType(Date.from(job.effective())));
    report.setIssued(Date.from(now));
    report.addImagingStudy(study.copy());
    observations.forEach(o -> report.addResult(new Reference("Observation/" + o.getIdPart())));
    report.setConclusion(ReportConclusion.text(model, observations, prior));
    report.addPresentedForm(new Attachment().setContentType(OVERLAY_CONTENT_TYPE).setData(overlayPng)
        .setTitle("Segmentation overlay (axial montage)"));
    report.addPresentedForm(new Attachment().setContentType(LABEL_MAP_CONTENT_TYPE)
        .setUrl("Binary/" + labels.getIdPart()).setTitle("Label map (NIfTI-1, gzip; BraTS labels 0/1/2/4)"));

    Provenance provenance = new Provenance();
    provenance.setId(base + "-provenance");
    provenance.addTarget(new Reference("DiagnosticReport/" + report.getIdPart()));
    observations.forEach(o -> provenance.addTarget(new Reference("Observation/" + o.getIdPart())));
    provenance.addTarget(new Reference("Binary/" + labels.getIdPart()));
    provenance.setRecorded(Date.from(now));
    provenance.setActivity(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-DataOperation",
        "CREATE", "create")));
    provenance.addAgent().setType(agentType("performer", "Performer")).setWho(deviceRef.copy());
    provenance.addAgent().setType(agentType("assembler", "Assembler"))
        .setWho(new Reference().setDisplay("NeuroFHIR pipeline " + softwareVersion));
    provenance.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE).setWhat(study.copy());
    job.binaryIds().values().forEach(id ->
        provenance.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE).setWhat(new Reference("Binary/" + id)));

    Task done = task.copy();
    done.setStatus(Task.TaskStatus.COMPLETED);
    done.setBusinessStatus(JobStage.COMPLETED.businessStatus());
    done.getExtension().removeIf(x -> PipelineIdentifiers.EXT_TASK_PROGRESS.equals(x.getUrl()));
    done.setStatusReason(null);
    done.setLastModified(Date.from(now));
    if (done.hasExecutionPeriod()) {
      done.getExecutionPeriod().setEnd(Date.from(now));
    }
    done.getOutput().clear();
    done.addOutput().setType(new CodeableConcept().setText("segmentation report"))
        .setValue(new Reference("DiagnosticReport/" + report.getIdPart()));
    done.addOutput().setType(new CodeableConcept().setText("label map"))
        .setValue(new Reference("Binary/" + labels.getIdPart()));

    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    put(tx, device);
    put(tx, labels);
    observations.forEach(o -> put(tx, o));
    put(tx, report);
    put(tx, provenance);
    put(tx, done);
    return tx;
  }

  private static CodeableConcept agentType(String code, String display) {
    return new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/provenance-participant-type", code, display));
  }

  private static void put(Bundle tx, Resource r) {
    String url = r.fhirType() + "/" + r.getIdElement().getIdPart();
    tx.addEntry().setFullUrl(url).setResource(r).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
  }

  /** The report's conclusion: the volumes, and with a prior study which regions grew or shrank. */
  static final class ReportConclusion {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    static String text(ModelManifest model, List<Observation> observations, Optional<PriorSegmentation> prior) {
      StringBuilder s = new StringBuilder("Preliminary automated segmentation (model ")
          .append(model.id()).append(' ').append(model.version()).append(", not validated by a clinician): ");
      List<String> grew = new ArrayList<>();
      List<String> shrank = new ArrayList<>();
      List<String> same = new ArrayList<>();
      for (int n = 0; n < observations.size(); n++) {
        Observation o = observations.get(n);
        TumourRegion region = REGIONS.get(n);
        String name = region.display().toLowerCase(Locale.ROOT);
        s.append(n == 0 ? "" : "; ").append(name).append(' ').append(o.getValueQuantity().getValue().toPlainString()).append(" cm3");
        if (o.hasComponent()) {
          BigDecimal change = o.getComponentFirstRep().getValueQuantity().getValue();
          String pct = o.getComponent().size() > 1
              ? ", " + signed(o.getComponent().get(1).getValueQuantity().getValue()) + " %" : "";
          String item = name + " (" + signed(change) + " cm3" + pct + ")";
          (change.signum() > 0 ? grew : change.signum() < 0 ? shrank : same).add(item);
        }
      }
      s.append('.');
      prior.ifPresent(p -> {
        s.append(" Versus the prior study of ").append(DAY.format(p.effective())).append(": ");
        s.append("grew: ").append(grew.isEmpty() ? "none" : String.join(", ", grew));
        s.append("; shrank: ").append(shrank.isEmpty() ? "none" : String.join(", ", shrank));
        if (!same.isEmpty()) {
          s.append("; unchanged: ").append(String.join(", ", same));
        }
        s.append('.');
      });
      return s.toString();
    }

    private static String signed(BigDecimal v) {
      return (v.signum() > 0 ? "+" : "") + v.setScale(Math.max(1, v.scale()), RoundingMode.HALF_UP).toPlainString();
    }
  }
}
