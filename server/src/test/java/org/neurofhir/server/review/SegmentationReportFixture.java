package org.neurofhir.server.review;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.neurofhir.pipeline.task.PipelineIdentifiers;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.profiles.SegmentationProvenance;
import org.neurofhir.profiles.SegmentationReportCoding;
import org.neurofhir.profiles.TumourRegion;
import org.neurofhir.profiles.TumourVolumeObservationFactory;

/**
 * A preliminary segmentation report as the pipeline writes it (SegmentationResultsBundle: same profiles, codes,
 * job identifier, Device with the model version), stored through the FHIR API instead of by running the U-Net.
 */
record SegmentationReportFixture(String patientId, String reportId, Map<TumourRegion, String> observationIds,
    String modelVersion) {

  static final Map<TumourRegion, BigDecimal> AI_VOLUMES = Map.of(
      TumourRegion.WHOLE_TUMOUR, new BigDecimal("30.00"),
      TumourRegion.TUMOUR_CORE, new BigDecimal("12.00"),
      TumourRegion.ENHANCING_TUMOUR, new BigDecimal("7.00"),
      TumourRegion.NECROTIC_CORE, new BigDecimal("5.00"),
      TumourRegion.OEDEMA, new BigDecimal("18.00"));

  static SegmentationReportFixture store(IGenericClient client, String modelVersion) {
    Patient patient = new Patient();
    patient.addName().setFamily("Review").addGiven("Fixture");
    String patientId = client.create().resource(patient).execute().getId().getIdPart();
    return store(client, patientId, modelVersion, Instant.parse("2026-01-10T09:00:00Z"), null);
  }

  /** A report for this patient at {@code effective}; with {@code prior}, the volumes carry the change versus it. */
  static SegmentationReportFixture store(IGenericClient client, String patientId, String modelVersion, Instant effective,
      Map<TumourRegion, BigDecimal> prior) {
    Reference patient = new Reference("Patient/" + patientId);
    ImagingStudy study = new ImagingStudy().setStatus(ImagingStudy.ImagingStudyStatus.AVAILABLE).setSubject(patient);
    String studyId = client.create().resource(study).execute().getId().getIdPart();
    Device device = new Device();
    device.addDeviceName().setName("brats-unet").setType(Device.DeviceNameType.MODELNAME);
    device.addVersion().setValue(modelVersion);
    String deviceId = client.create().resource(device).execute().getId().getIdPart();
    SegmentationProvenance source = new SegmentationProvenance(patient, new Reference("ImagingStudy/" + studyId),
        new Reference("Device/" + deviceId), Date.from(effective));

    DiagnosticReport report = new DiagnosticReport();
    report.getMeta().addProfile(NeuroFhirCanonical.PROFILE_SEGMENTATION_REPORT);
    report.addIdentifier(PipelineIdentifiers.job(UUID.randomUUID().toString()));
    report.setStatus(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
    report.addCategory(SegmentationReportCoding.radiologyCategory());
    report.setCode(SegmentationReportCoding.code());
    report.setSubject(patient.copy());
    report.setEffective(new DateTimeType(Date.from(effective)));
    report.setIssued(new Date());
    report.addImagingStudy(new Reference("ImagingStudy/" + studyId));
    Map<TumourRegion, String> ids = new EnumMap<>(TumourRegion.class);
    for (TumourRegion region : TumourRegion.values()) {
      BigDecimal cm3 = AI_VOLUMES.get(region);
      Observation obs = prior == null
          ? TumourVolumeObservationFactory.create(source, region, cm3)
          : TumourVolumeObservationFactory.createWithPrior(source, region, cm3, prior.get(region));
      obs.setIssued(new Date());
      String id = client.create().resource(obs).execute().getId().getIdPart();
      ids.put(region, id);
      report.addResult(new Reference("Observation/" + id));
    }
    report.setConclusion("Preliminary automated segmentation (model brats-unet " + modelVersion
        + ", not validated by a clinician).");
    report.addPresentedForm(new Attachment().setContentType("image/png").setTitle("overlay").setData(new byte[] {1}));
    String reportId = client.create().resource(report).execute().getId().getIdPart();
    return new SegmentationReportFixture(patientId, reportId, ids, modelVersion);
  }
}
