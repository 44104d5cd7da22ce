package org.neurofhir.server.pipeline;

import org.neurofhir.server.support.ProfileValidation;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.dicom.scp.DicomGatewayScp;
import org.neurofhir.dicom.store.IndexedInstance;
import org.neurofhir.dicom.store.InstanceIndex;
import org.neurofhir.dicom.store.InstanceStore;
import org.neurofhir.dicom.toolkit.DecodedMeasurementReport;
import org.neurofhir.dicom.toolkit.DicomFileReader;
import org.neurofhir.dicom.synthetic.SyntheticPatient;
import org.neurofhir.dicom.synthetic.SyntheticStudyWriter;
import org.neurofhir.dicom.synthetic.WrittenStudy;
import org.neurofhir.inference.phantom.Phantom;
import org.neurofhir.inference.phantom.PhantomGenerator;
import org.neurofhir.inference.phantom.PhantomSpec;
import org.neurofhir.inference.volumetrics.TumourRegion;
import org.neurofhir.pipeline.task.PipelineIdentifiers;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.profiles.TumourVolumeChange;
import org.neurofhir.server.support.Poll;
import org.neurofhir.server.support.ServerTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The product's spine over real protocols: DCMTK storescu pushes a 4-series phantom study to the server's DICOM
 * port; without any other call the Task completes and the results are there, conform to our profiles, are not
 * duplicated by a re-send, and a later study of the same patient is compared with the first.
 */
class SegmentationEndToEndTest extends ServerTestBase {

  @Autowired DicomGatewayScp scp;
  @Autowired SyntheticStudyWriter writer;
  @Autowired InstanceIndex dicomIndex;
  @Autowired InstanceStore dicomStore;
  @Autowired DicomFileReader dicomReader;

  @Test
  void storedStudyBecomesValidatedResultsOnceAndLaterStudyIsComparedWithIt(@TempDir Path tmp) throws Exception {
    String mrn = unique("E2E");
    SyntheticPatient patient = new SyntheticPatient(mrn, "Phantom^EndToEnd", "19700101", "F", "MR BRAIN", "A1");
    Phantom first = new PhantomGenerator().generate(PhantomSpec.brats(7));
    WrittenStudy study1 = PipelineTestSupport.writeStudy(writer, tmp.resolve("s1"), patient, first);
    PipelineTestSupport.storescu(scp.port(), study1.directory());

    Task task1 = awaitEnded(study1.studyInstanceUid());
    assertThat(task1.getStatus()).as("statusReason: %s", task1.getStatusReason().getText()).isEqualTo(Task.TaskStatus.COMPLETED);
    DiagnosticReport report1 = outputReport(task1);
    List<Observation> obs1 = observations(report1);
    assertThat(obs1).hasSize(5);
    for (Observation o : obs1) {
      assertThat(o.getStatus()).isEqualTo(Observation.ObservationStatus.PRELIMINARY);
      assertThat(o.getComponent()).as("no prior yet").isEmpty();
    }
    Device device = client.read().resource(Device.class).withId(obs1.get(0).getDevice().getReferenceElement().getIdPart()).execute();
    Binary labels = client.read().resource(Binary.class).withId(report1.getPresentedForm().get(1).getUrl().replace("Binary/", "")).execute();
    assertThat(labels.getData()).hasSizeGreaterThan(100);
    assertThat(report1.getPresentedFormFirstRep().getContentType()).isEqualTo("image/png");
    Bundle provenances = client.search().forResource(Provenance.class)
        .where(Provenance.TARGET.hasId("DiagnosticReport/" + report1.getIdElement().getIdPart())).returnBundle(Bundle.class).execute();
    assertThat(provenances.getEntry()).hasSize(1);
    ImagingStudy imagingStudy = imagingStudy(study1.studyInstanceUid());

    for (Resource r : List.of(imagingStudy, report1, device, task1, obs1.get(0), obs1.get(4))) {
      assertThat(ProfileValidation.errors(FHIR, r)).as(r.getIdElement().getValue()).isEmpty();
    }

    List<String> derived = assertSegAndSrStateTheObservations(study1.studyInstanceUid(), obs1);

    // Same study again: the series complete again, nothing new is created.
    PipelineTestSupport.storescu(scp.port(), study1.directory());
    Thread.sleep(4000); // quiet period (1 s) + intake
    assertThat(tasksFor(imagingStudy)).hasSize(1);
    assertThat(reportsFor(imagingStudy)).hasSize(1);
    assertThat(derivedInstances(study1.studyInstanceUid())).extracting(i -> i.header().sopInstanceUid())
        .containsExactlyInAnyOrderElementsOf(derived);

    // A later, smaller-grid study of the same patient with another tumour: volumes are compared with the first.
    Thread.sleep(1100); // study dates have 1 s resolution
    Phantom second = new PhantomGenerator().generate(PhantomSpec.fieldOfView(160, 100, 11));
    WrittenStudy study2 = PipelineTestSupport.writeStudy(writer, tmp.resolve("s2"), patient, second);
    PipelineTestSupport.storescu(scp.port(), study2.directory());
    Task task2 = awaitEnded(study2.studyInstanceUid());
    assertThat(task2.getStatus()).as("statusReason: %s", task2.getStatusReason().getText()).isEqualTo(Task.TaskStatus.COMPLETED);
    DiagnosticReport report2 = outputReport(task2);
    List<Observation> obs2 = observations(report2);
    for (Observation o : obs2) {
      Observation before = obs1.stream().filter(b -> regionOf(b) == regionOf(o)).findFirst().orElseThrow();
      assertThat(o.getComponentFirstRep().getCode().getCodingFirstRep().getCode()).isEqualTo(TumourVolumeChange.ABSOLUTE.code());
      assertThat(o.getComponentFirstRep().getValueQuantity().getValue())
          .isEqualByComparingTo(o.getValueQuantity().getValue().subtract(before.getValueQuantity().getValue()));
    }
    assertThat(report2.getConclusion()).contains("Versus the prior study of").contains("grew:").contains("shrank:");
    assertThat(ProfileValidation.errors(FHIR, obs2.get(0))).isEmpty();

    // Volumes of the full-size study versus the phantom's voxelised ground truth.
    StringBuilder volumes = new StringBuilder();
    for (Observation o : obs1) {
      volumes.append(String.format("%n  %-16s %8.2f cm3, truth %8.2f", regionOf(o), o.getValueQuantity().getValue(),
          PipelineTestSupport.truthCm3(first, regionOf(o))));
    }
    for (Observation o : obs1) {
      double truth = PipelineTestSupport.truthCm3(first, regionOf(o));
      assertThat(o.getValueQuantity().getValue().doubleValue()).as(regionOf(o) + " vs ground truth:" + volumes)
          .isCloseTo(truth, org.assertj.core.data.Percentage.withPercentage(5));
    }
  }

  private Task awaitEnded(String studyUid) {
    Task[] found = new Task[1];
    Poll.until(Duration.ofMinutes(4), "segmentation Task of study " + studyUid + " ended", () -> {
      ImagingStudy s = findImagingStudy(studyUid);
      if (s == null) return false;
      List<Task> tasks = tasksFor(s);
      if (tasks.isEmpty()) return false;
      found[0] = tasks.get(0);
      return found[0].getStatus() == Task.TaskStatus.COMPLETED || found[0].getStatus() == Task.TaskStatus.FAILED;
    });
    return found[0];
  }

  private ImagingStudy findImagingStudy(String uid) {
    Bundle b = client.search().forResource(ImagingStudy.class)
        .where(ImagingStudy.IDENTIFIER.exactly().systemAndCode(NeuroFhirCanonical.IDENTIFIER_DICOM_UID, "urn:oid:" + uid))
        .returnBundle(Bundle.class).execute();
    return b.getEntry().isEmpty() ? null : (ImagingStudy) b.getEntryFirstRep().getResource();
  }

  private ImagingStudy imagingStudy(String uid) {
    ImagingStudy s = findImagingStudy(uid);
    assertThat(s).isNotNull();
    return s;
  }

  private List<Task> tasksFor(ImagingStudy s) {
    return client.search().forResource(Task.class).where(Task.FOCUS.hasId("ImagingStudy/" + s.getIdElement().getIdPart()))
        .returnBundle(Bundle.class).execute().getEntry().stream().map(e -> (Task) e.getResource()).toList();
  }

  private List<DiagnosticReport> reportsFor(ImagingStudy s) {
    // DiagnosticReport has no search parameter on imagingStudy: search the patient's reports and filter.
    return client.search().forResource(DiagnosticReport.class).where(DiagnosticReport.SUBJECT.hasId(s.getSubject().getReference()))
        .returnBundle(Bundle.class).execute().getEntry().stream().map(e -> (DiagnosticReport) e.getResource())
        .filter(r -> r.getImagingStudy().stream().anyMatch(ref -> ref.getReferenceElement().getIdPart().equals(s.getIdElement().getIdPart())))
        .toList();
  }

  private DiagnosticReport outputReport(Task task) {
    Reference ref = (Reference) task.getOutputFirstRep().getValue();
    DiagnosticReport r = client.read().resource(DiagnosticReport.class).withId(ref.getReferenceElement().getIdPart()).execute();
    assertThat(r.getIdentifierFirstRep().getSystem()).isEqualTo(PipelineIdentifiers.SEGMENTATION_JOB);
    return r;
  }

  private List<Observation> observations(DiagnosticReport report) {
    return report.getResult().stream().map(ref ->
        client.read().resource(Observation.class).withId(ref.getReferenceElement().getIdPart()).execute()).toList();
  }

  /** One SEG and one SR in the gateway's store; the SR's volumes and codes are the Observations'. */
  private List<String> assertSegAndSrStateTheObservations(String studyUid, List<Observation> observations) throws Exception {
    List<IndexedInstance> derived = derivedInstances(studyUid);
    assertThat(derived).extracting(i -> i.header().modality()).containsExactlyInAnyOrder("SEG", "SR");
    IndexedInstance sr = derived.stream().filter(i -> "SR".equals(i.header().modality())).findFirst().orElseThrow();
    DecodedMeasurementReport report = dicomReader.readMeasurementReport(dicomStore.pathOf(sr));
    assertThat(report.verificationFlag()).isEqualTo("UNVERIFIED");
    assertThat(report.measurements()).hasSize(3);
    for (DecodedMeasurementReport.Measurement m : report.measurements()) {
      Observation o = observations.stream().filter(x -> regionOf(x).code().equals(m.finding().value())).findFirst().orElseThrow();
      assertThat(m.volumeCm3()).as(m.finding().value()).isCloseTo(o.getValueQuantity().getValue().doubleValue(),
          org.assertj.core.api.Assertions.within(0.01));
    }
    return derived.stream().map(i -> i.header().sopInstanceUid()).toList();
  }

  private List<IndexedInstance> derivedInstances(String studyUid) {
    return dicomIndex.findByStudy(studyUid).stream()
        .filter(i -> "SEG".equals(i.header().modality()) || "SR".equals(i.header().modality())).toList();
  }

  private static TumourRegion regionOf(Observation o) {
    return TumourRegion.fromCode(o.getBodySite().getCoding().stream()
        .filter(c -> NeuroFhirCanonical.CS_TUMOUR_REGION.equals(c.getSystem())).findFirst().orElseThrow().getCode());
  }
}
