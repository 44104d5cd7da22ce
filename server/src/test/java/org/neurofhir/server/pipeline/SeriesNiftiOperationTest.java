package org.neurofhir.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.dicom.scp.DicomGatewayScp;
import org.neurofhir.dicom.synthetic.SyntheticPatient;
import org.neurofhir.dicom.synthetic.SyntheticStudyWriter;
import org.neurofhir.dicom.synthetic.WrittenStudy;
import org.neurofhir.inference.nifti.NiftiReader;
import org.neurofhir.inference.phantom.Phantom;
import org.neurofhir.inference.phantom.PhantomGenerator;
import org.neurofhir.inference.phantom.PhantomSpec;
import org.neurofhir.inference.volume.ScalarVolume;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.server.support.Poll;
import org.neurofhir.server.support.ServerTestBase;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code GET ImagingStudy/{id}/$nifti?sequence=}: a received DICOM series as NIfTI, and who may not have it. */
class SeriesNiftiOperationTest extends ServerTestBase {

  @Autowired DicomGatewayScp scp;
  @Autowired SyntheticStudyWriter writer;
  @Autowired org.neurofhir.dicom.scu.StudySender sender;

  private static Phantom phantom;
  private static String studyId;
  private static String patientId;

  @BeforeEach
  void receiveStudy(@TempDir Path tmp) throws Exception {
    if (studyId != null) return;
    phantom = new PhantomGenerator().generate(PhantomSpec.fieldOfView(48, 24, 3));
    WrittenStudy study = PipelineTestSupport.writeStudy(writer, tmp, new SyntheticPatient(unique("NX"), "Nifti^Series",
        "19700101", "F", "MR", "B"), phantom);
    PipelineTestSupport.send(sender, scp.port(), study);
    Poll.until(Duration.ofMinutes(2), "ImagingStudy with four series", () -> {
      Bundle b = client.search().forResource(ImagingStudy.class).where(ImagingStudy.IDENTIFIER.exactly()
          .systemAndCode(NeuroFhirCanonical.IDENTIFIER_DICOM_UID, "urn:oid:" + study.studyInstanceUid()))
          .returnBundle(Bundle.class).execute();
      if (b.getEntry().isEmpty() || ((ImagingStudy) b.getEntryFirstRep().getResource()).getSeries().size() < 4) return false;
      ImagingStudy s = (ImagingStudy) b.getEntryFirstRep().getResource();
      studyId = s.getIdElement().getIdPart();
      patientId = s.getSubject().getReferenceElement().getIdPart();
      return true;
    });
  }

  @Test
  void aDoctorGetsTheSeriesAsNiftiOnItsGrid() throws Exception {
    HttpResponse<byte[]> r = get(tokenFor("doctor"), "ImagingStudy/" + studyId + "/$nifti?sequence=T1CE");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/gzip");
    ScalarVolume volume = new NiftiReader().read(new ByteArrayInputStream(r.body()), "T1CE");
    var grid = phantom.volume().grid();
    assertThat(new int[] {volume.grid().nx(), volume.grid().ny(), volume.grid().nz()})
        .containsExactly(grid.nx(), grid.ny(), grid.nz());
    assertThat(volume.grid().spacingZ()).isCloseTo(grid.spacingZ(), org.assertj.core.data.Offset.offset(1e-3));
    // the T1CE channel, voxel for voxel (DICOM stores rescaled integers: compared by correlation), not another one
    assertThat(correlation(volume.voxels(), phantom.volume().channel(Sequence.T1CE))).isGreaterThan(0.99);
    assertThat(correlation(volume.voxels(), phantom.volume().channel(Sequence.FLAIR))).isLessThan(0.99);
    assertThat(get(tokenFor("nurse"), "ImagingStudy/" + studyId + "/$nifti?sequence=flair").statusCode()).isEqualTo(200);
  }

  @Test
  void refusedWithOperationOutcomes() throws Exception {
    String doctor = tokenFor("doctor");
    assertOutcome(get(doctor, "ImagingStudy/" + studyId + "/$nifti?sequence=DWI"), 400, "sequence must be one of");
    assertOutcome(get(doctor, "ImagingStudy/" + studyId + "/$nifti"), 400, "sequence");
    assertOutcome(get(doctor, "ImagingStudy/no-such-study/$nifti?sequence=T1"), 404, "does not exist");
    assertOutcome(get(tokenFor("secretary"), "ImagingStudy/" + studyId + "/$nifti?sequence=T1"), 403, "");
    assertOutcome(get(patientToken(patientId), "ImagingStudy/" + studyId + "/$nifti?sequence=T1"), 403, "");
    assertOutcome(get(null, "ImagingStudy/" + studyId + "/$nifti?sequence=T1"), 401, "");

    Patient p = new Patient();
    p.addName().setFamily("NoDicom");
    String other = client.create().resource(p).execute().getId().getIdPart();
    ImagingStudy upload = new ImagingStudy();
    upload.getMeta().addProfile(NeuroFhirCanonical.PROFILE_MR_BRAIN_IMAGING_STUDY);
    upload.addIdentifier().setSystem(NeuroFhirCanonical.IDENTIFIER_DICOM_UID).setValue("urn:oid:2.25." + System.nanoTime());
    upload.setStatus(ImagingStudy.ImagingStudyStatus.AVAILABLE);
    upload.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + other));
    upload.addSeries().setUid("2.25.1" + System.nanoTime()).setModality(new org.hl7.fhir.r4.model.Coding(NeuroFhirCanonical.DICOM_DCM, "MR", null))
        .addExtension(org.neurofhir.profiles.MrSequenceType.fromCode("T1").toExtension());
    String uploadId = client.create().resource(upload).execute().getId().getIdPart();
    assertOutcome(get(doctor, "ImagingStudy/" + uploadId + "/$nifti?sequence=T1"), 422, "not received");
    assertOutcome(get(doctor, "ImagingStudy/" + uploadId + "/$nifti?sequence=T2"), 422, "has no T2 series");
  }

  private static double correlation(float[] a, float[] b) {
    double ma = 0, mb = 0;
    for (int i = 0; i < a.length; i++) { ma += a[i]; mb += b[i]; }
    ma /= a.length;
    mb /= b.length;
    double ab = 0, aa = 0, bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += (a[i] - ma) * (b[i] - mb);
      aa += (a[i] - ma) * (a[i] - ma);
      bb += (b[i] - mb) * (b[i] - mb);
    }
    return ab / Math.sqrt(aa * bb);
  }

  private HttpResponse<byte[]> get(String token, String path) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fhirBase() + "/" + path));
    if (token != null) b = withToken(b, token);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void assertOutcome(HttpResponse<byte[]> r, int status, String text) {
    String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(r.statusCode()).as(body).isEqualTo(status);
    OperationOutcome oo = FHIR.newJsonParser().parseResource(OperationOutcome.class, body);
    assertThat(oo.getIssueFirstRep().getDiagnostics()).contains(text);
  }
}
