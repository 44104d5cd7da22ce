package org.neurofhir.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.dicom.scp.DicomGatewayScp;
import org.neurofhir.dicom.synthetic.SyntheticPatient;
import org.neurofhir.dicom.synthetic.SyntheticStudyWriter;
import org.neurofhir.dicom.synthetic.WrittenStudy;
import org.neurofhir.inference.phantom.PhantomGenerator;
import org.neurofhir.inference.phantom.PhantomSpec;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.server.support.Poll;
import org.neurofhir.server.support.ServerTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/** A study whose FLAIR series is inconsistent: the Task fails with a reason a person can act on; no results. */
class CorruptSeriesTest extends ServerTestBase {

  @Autowired DicomGatewayScp scp;
  @Autowired SyntheticStudyWriter writer;
  @Autowired org.neurofhir.dicom.scu.StudySender sender;

  @Test
  void inconsistentFlairSeriesFailsTheTaskReadablyAndWritesNothing(@TempDir Path tmp) throws Exception {
    WrittenStudy study = PipelineTestSupport.writeStudy(writer, tmp, new SyntheticPatient(unique("BAD"),
        "Phantom^Corrupt", "19900101", "F", "MR", "C"), new PhantomGenerator().generate(PhantomSpec.fieldOfView(48, 20, 9)));
    Path flairSlice = study.series().get(3).files().get(5);
    Process dcmodify = new ProcessBuilder("dcmodify", "-nb", "-m", "(0028,0030)=9\\9", flairSlice.toString())
        .redirectErrorStream(true).start();
    assertThat(dcmodify.waitFor(30, TimeUnit.SECONDS) && dcmodify.exitValue() == 0).isTrue();

    PipelineTestSupport.send(sender, scp.port(), study);

    Task[] task = new Task[1];
    Poll.until(Duration.ofMinutes(2), "Task failed", () -> {
      Bundle s = client.search().forResource(ImagingStudy.class).where(ImagingStudy.IDENTIFIER.exactly()
          .systemAndCode(NeuroFhirCanonical.IDENTIFIER_DICOM_UID, "urn:oid:" + study.studyInstanceUid())).returnBundle(Bundle.class).execute();
      if (s.getEntry().isEmpty()) return false;
      List<Task> tasks = client.search().forResource(Task.class)
          .where(Task.FOCUS.hasId("ImagingStudy/" + s.getEntryFirstRep().getResource().getIdElement().getIdPart()))
          .returnBundle(Bundle.class).execute().getEntry().stream().map(e -> (Task) e.getResource()).toList();
      task[0] = tasks.isEmpty() ? null : tasks.get(0);
      return task[0] != null && task[0].getStatus() == Task.TaskStatus.FAILED;
    });
    assertThat(task[0].getStatusReason().getText())
        .startsWith("the FLAIR series cannot be used: mixed pixel spacing");
    assertThat(task[0].getOutput()).isEmpty();
    String patient = task[0].getFor().getReference();
    assertThat(client.search().forResource(DiagnosticReport.class).where(DiagnosticReport.SUBJECT.hasId(patient))
        .returnBundle(Bundle.class).execute().getEntry()).isEmpty();
    assertThat(client.search().forResource(Observation.class).where(Observation.SUBJECT.hasId(patient))
        .returnBundle(Bundle.class).execute().getEntry()).isEmpty();
  }
}
