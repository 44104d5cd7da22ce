package org.neurofhir.server.review;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.neurofhir.inference.model.ModelManifest;
import org.neurofhir.inference.phantom.Phantom;
import org.neurofhir.inference.phantom.PhantomGenerator;
import org.neurofhir.inference.phantom.PhantomSpec;
import org.neurofhir.inference.render.OverlayMontageRenderer;
import org.neurofhir.pipeline.fhir.FhirPort;
import org.neurofhir.pipeline.results.AiModelDevice;
import org.neurofhir.pipeline.task.PipelineIdentifiers;
import org.neurofhir.profiles.MrSequenceType;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.profiles.SegmentationProvenance;
import org.neurofhir.profiles.SegmentationReportCoding;
import org.neurofhir.profiles.TumourRegion;
import org.neurofhir.profiles.TumourVolumeObservationFactory;

/**
 * A segmentation result written the way the worker writes it: one transaction through the server's pipeline port
 * (the FhirPort bean), resources at ids derived from a job key, the shipped model's Device, the worker's overlay PNG
 * of a phantom. The patient and study exist first, as after a DICOM intake (a real name, an MRN assigned on create,
 * an accession).
 */
record PipelineReportFixture(String patientId, String mrn, String family, String reportId,
    Map<TumourRegion, String> observationIds) {

  static final Map<TumourRegion, BigDecimal> VOLUMES = Map.of(
      TumourRegion.WHOLE_TUMOUR, new BigDecimal("41.37"),
      TumourRegion.TUMOUR_CORE, new BigDecimal("16.20"),
      TumourRegion.ENHANCING_TUMOUR, new BigDecimal("9.85"),
      TumourRegion.NECROTIC_CORE, new BigDecimal("6.35"),
      TumourRegion.OEDEMA, new BigDecimal("25.17"));

  /** A new patient. */
  static PipelineReportFixture store(IGenericClient client, FhirPort port, ModelManifest model, Instant effective) {
    String family = "Kowalska" + UUID.randomUUID().toString().substring(0, 6);
    Patient p = new Patient();
    p.addName().setFamily(family).addGiven("Zofia");
    p.setGender(AdministrativeGender.FEMALE);
    p.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1961-04-23"));
    String patientId = client.create().resource(p).execute().getId().getIdPart();
    return store(client, port, model, patientId, family, effective, VOLUMES);
  }

  static PipelineReportFixture store(IGenericClient client, FhirPort port, ModelManifest model, String patientId,
      String family, Instant effective, Map<TumourRegion, BigDecimal> volumes) {
    Patient stored = client.read().resource(Patient.class).withId(patientId).execute();
    String mrn = stored.getIdentifier().stream()
        .filter(i -> NeuroFhirCanonical.IDENTIFIER_MEDICAL_RECORD_NUMBER.equals(i.getSystem()))
        .map(i -> i.getValue()).findFirst().orElseThrow();
    Reference patient = new Reference("Patient/" + patientId);
    ImagingStudy study = new ImagingStudy().setStatus(ImagingStudy.ImagingStudyStatus.AVAILABLE).setSubject(patient);
    study.setStarted(Date.from(effective));
    study.addIdentifier().setValue("ACC-" + UUID.randomUUID().toString().substring(0, 8)).getType()
        .addCoding().setSystem("http://terminology.hl7.org/CodeSystem/v2-0203").setCode("ACSN");
    int n = 1;
    for (String sequence : new String[] {"T1", "T1CE", "T2", "FLAIR"}) {
      study.addSeries().setUid("2.25." + System.nanoTime() + n).setNumber(n++).setNumberOfInstances(24)
          .setModality(new Coding(NeuroFhirCanonical.DICOM_DCM, "MR", null)).setDescription("ax " + sequence)
          .addExtension(MrSequenceType.fromCode(sequence).toExtension());
    }
    String studyId = client.create().resource(study).execute().getId().getIdPart();

    String base = "seg-" + UUID.randomUUID().toString().replace("-", "");
    Device device = AiModelDevice.of(model);
    SegmentationProvenance source = new SegmentationProvenance(patient, new Reference("ImagingStudy/" + studyId),
        new Reference("Device/" + device.getIdPart()), Date.from(effective));
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    put(tx, device);
    DiagnosticReport report = new DiagnosticReport();
    report.setId(base + "-report");
    report.getMeta().addProfile(NeuroFhirCanonical.PROFILE_SEGMENTATION_REPORT);
    report.addIdentifier(PipelineIdentifiers.job(base));
    report.setStatus(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
    report.addCategory(SegmentationReportCoding.radiologyCategory());
    report.setCode(SegmentationReportCoding.code());
    report.setSubject(patient.copy());
    report.setEffective(new DateTimeType(Date.from(effective)));
    report.setIssued(new Date());
    report.addImagingStudy(new Reference("ImagingStudy/" + studyId));
    Map<TumourRegion, String> ids = new EnumMap<>(TumourRegion.class);
    for (TumourRegion region : TumourRegion.values()) {
      Observation obs = TumourVolumeObservationFactory.create(source, region, volumes.get(region));
      obs.setId(base + "-" + region.code());
      obs.setIssued(new Date());
      put(tx, obs);
      ids.put(region, obs.getIdPart());
      report.addResult(new Reference("Observation/" + obs.getIdPart()));
    }
    report.setConclusion("Preliminary automated segmentation (model " + model.id() + " " + model.version()
        + ", not validated by a clinician): whole tumour " + volumes.get(TumourRegion.WHOLE_TUMOUR) + " cm3.");
    report.addPresentedForm(new Attachment().setContentType("image/png").setData(overlay(model))
        .setTitle("Segmentation overlay (axial montage)"));
    put(tx, report);
    port.transaction(tx);
    return new PipelineReportFixture(patientId, mrn, family, report.getIdPart(), ids);
  }

  private static void put(Bundle tx, Resource r) {
    String url = r.fhirType() + "/" + r.getIdElement().getIdPart();
    tx.addEntry().setFullUrl(url).setResource(r).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
  }

  private static volatile byte[] overlay;

  /** The worker's montage of a synthetic phantom (drawn once: every fixture report shows the same picture). */
  static byte[] overlay(ModelManifest model) {
    if (overlay == null) {
      Phantom phantom = new PhantomGenerator().generate(PhantomSpec.fieldOfView(120, 60, 7));
      overlay = new OverlayMontageRenderer().render(phantom.volume(), phantom.truth(), model.classes());
    }
    return overlay;
  }
}
