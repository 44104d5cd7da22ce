package org.neurofhir.server.pipeline;

import org.neurofhir.server.support.ProfileValidation;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.dicom.scp.DicomGatewayScp;
import org.neurofhir.dicom.synthetic.SyntheticPatient;
import org.neurofhir.dicom.synthetic.SyntheticStudyWriter;
import org.neurofhir.dicom.synthetic.WrittenStudy;
import org.neurofhir.inference.nifti.NiftiDatatype;
import org.neurofhir.inference.nifti.NiftiWriter;
import org.neurofhir.inference.phantom.Phantom;
import org.neurofhir.inference.phantom.PhantomGenerator;
import org.neurofhir.inference.phantom.PhantomSpec;
import org.neurofhir.inference.volume.ScalarVolume;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.server.support.Poll;
import org.neurofhir.server.support.ServerTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code $segment} on ImagingStudy and Patient: 202 + Task, idempotent repeats, and the bad-request answers. */
class SegmentOperationTest extends ServerTestBase {

  @Autowired DicomGatewayScp scp;
  @Autowired SyntheticStudyWriter writer;
  @Autowired org.neurofhir.dicom.scu.StudySender sender;

  @Test
  void patientSegmentOfNiftiUploadsCompletesAndARepeatReturnsTheSameTask() throws Exception {
    String patientId = patient();
    Parameters params = niftiParameters(new PhantomGenerator().generate(PhantomSpec.fieldOfView(64, 40, 5)));

    HttpResponse<String> first = post("Patient/" + patientId + "/$segment", params);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    String location = first.headers().firstValue("Content-Location").orElseThrow();
    assertThat(location).contains("/Task/");
    String taskId = location.substring(location.lastIndexOf('/') + 1);

    Poll.until(Duration.ofMinutes(3), "Task/" + taskId + " ended", () -> ended(task(taskId)));
    Task task = task(taskId);
    assertThat(task.getStatus()).as(task.getStatusReason().getText()).isEqualTo(Task.TaskStatus.COMPLETED);
    DiagnosticReport report = client.read().resource(DiagnosticReport.class)
        .withId(((Reference) task.getOutputFirstRep().getValue()).getReferenceElement().getIdPart()).execute();
    assertThat(report.getResult()).hasSize(5);
    ImagingStudy uploadStudy = client.read().resource(ImagingStudy.class)
        .withId(report.getImagingStudyFirstRep().getReferenceElement().getIdPart()).execute();
    assertThat(ProfileValidation.errors(FHIR, uploadStudy)).isEmpty();

    HttpResponse<String> again = post("Patient/" + patientId + "/$segment", params);
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.headers().firstValue("Content-Location")).contains(location);
    Bundle observations = client.search().forResource(Observation.class)
        .where(Observation.SUBJECT.hasId("Patient/" + patientId)).returnBundle(Bundle.class).execute();
    assertThat(observations.getEntry()).hasSize(5);
  }

  @Test
  void imagingStudySegmentOfReceivedDicomAnswersWithTheStudysTask(@TempDir Path tmp) throws Exception {
    Phantom phantom = new PhantomGenerator().generate(PhantomSpec.fieldOfView(64, 40, 6));
    WrittenStudy study = PipelineTestSupport.writeStudy(writer, tmp, new SyntheticPatient(unique("OP"), "Phantom^Op",
        "19800101", "M", "MR", "B"), phantom);
    PipelineTestSupport.send(sender, scp.port(), study);
    ImagingStudy[] stored = new ImagingStudy[1];
    Poll.until(Duration.ofMinutes(2), "ImagingStudy with its Task", () -> {
      Bundle b = client.search().forResource(ImagingStudy.class).where(ImagingStudy.IDENTIFIER.exactly()
          .systemAndCode(NeuroFhirCanonical.IDENTIFIER_DICOM_UID, "urn:oid:" + study.studyInstanceUid())).returnBundle(Bundle.class).execute();
      if (b.getEntry().isEmpty()) return false;
      stored[0] = (ImagingStudy) b.getEntryFirstRep().getResource();
      return !tasksFor(stored[0].getIdElement().getIdPart()).isEmpty();
    });
    String studyId = stored[0].getIdElement().getIdPart();

    HttpResponse<String> response = post("ImagingStudy/" + studyId + "/$segment", new Parameters());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    List<Task> tasks = tasksFor(studyId);
    assertThat(tasks).hasSize(1);
    assertThat(response.headers().firstValue("Content-Location").orElseThrow())
        .endsWith("/Task/" + tasks.get(0).getIdElement().getIdPart());
  }

  @Test
  void badRequestsGetOperationOutcomes() throws Exception {
    String patientId = patient();
    Parameters full = niftiParameters(new PhantomGenerator().generate(PhantomSpec.fieldOfView(32, 8, 5)));

    Parameters missingFlair = full.copy();
    missingFlair.getParameter().removeIf(p -> p.getName().equals("flair"));
    assertOutcome(post("Patient/" + patientId + "/$segment", missingFlair), 400, "flair");

    Parameters wrongType = full.copy();
    wrongType.getParameter().stream().filter(p -> p.getName().equals("t1")).findFirst().orElseThrow()
        .setValue(new Reference("Observation/" + patientId));
    assertOutcome(post("Patient/" + patientId + "/$segment", wrongType), 400, "must reference a Binary");

    Parameters notNifti = full.copy();
    Binary text = new Binary().setContentType("text/plain").setData("hello".getBytes());
    String textId = client.create().resource(text).execute().getId().getIdPart();
    notNifti.getParameter().stream().filter(p -> p.getName().equals("t2")).findFirst().orElseThrow()
        .setValue(new Reference("Binary/" + textId));
    assertOutcome(post("Patient/" + patientId + "/$segment", notNifti), 422, "not a usable NIfTI");

    Parameters unknownBinary = full.copy();
    unknownBinary.getParameter().stream().filter(p -> p.getName().equals("t2")).findFirst().orElseThrow()
        .setValue(new Reference("Binary/does-not-exist"));
    assertOutcome(post("Patient/" + patientId + "/$segment", unknownBinary), 422, "does not exist");

    assertOutcome(post("Patient/no-such-patient/$segment", full), 404, "Patient/no-such-patient");
    assertOutcome(post("ImagingStudy/no-such-study/$segment", new Parameters()), 404, "ImagingStudy/no-such-study");

    ImagingStudy empty = new ImagingStudy().setStatus(ImagingStudy.ImagingStudyStatus.AVAILABLE)
        .setSubject(new Reference("Patient/" + patientId));
    String emptyId = client.create().resource(empty).execute().getId().getIdPart();
    assertOutcome(post("ImagingStudy/" + emptyId + "/$segment", new Parameters()), 422, "has no T1");
  }

  private void assertOutcome(HttpResponse<String> response, int status, String text) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    OperationOutcome oo = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
    assertThat(oo.getIssueFirstRep().getDiagnostics()).contains(text);
  }

  private String patient() {
    Patient p = new Patient();
    p.addName().setFamily("Segment").addGiven("Op");
    return client.create().resource(p).execute().getId().getIdPart();
  }

  private Parameters niftiParameters(Phantom phantom) {
    Map<Sequence, String> ids = new EnumMap<>(Sequence.class);
    for (Sequence s : List.of(Sequence.T1, Sequence.T1CE, Sequence.T2, Sequence.FLAIR)) {
      byte[] nifti = new NiftiWriter().toBytes(new ScalarVolume(phantom.volume().grid(), phantom.volume().channel(s)),
          NiftiDatatype.FLOAT32, true);
      ids.put(s, client.create().resource(new Binary().setContentType("application/gzip").setData(nifti)).execute()
          .getId().getIdPart());
    }
    Parameters p = new Parameters();
    ids.forEach((s, id) -> p.addParameter().setName(s.code().toLowerCase()).setValue(new Reference("Binary/" + id)));
    return p;
  }

  private HttpResponse<String> post(String path, Parameters body) throws Exception {
    HttpRequest request = authorized(HttpRequest.newBuilder(URI.create(fhirBase() + "/" + path)))
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(body))).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private Task task(String id) {
    return client.read().resource(Task.class).withId(id).execute();
  }

  private static boolean ended(Task t) {
    return t.getStatus() == Task.TaskStatus.COMPLETED || t.getStatus() == Task.TaskStatus.FAILED;
  }

  private List<Task> tasksFor(String studyId) {
    return client.search().forResource(Task.class).where(Task.FOCUS.hasId("ImagingStudy/" + studyId))
        .returnBundle(Bundle.class).execute().getEntry().stream().map(e -> (Task) e.getResource()).toList();
  }
}
