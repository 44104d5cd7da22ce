package org.neurofhir.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus;
import org.junit.jupiter.api.Test;

class NeuroFhirIdentifiersTest {

  @Test
  void writesAStudyInstanceUidAsAnOidUrn() {
    assertThat(NeuroFhirIdentifiers.studyInstanceUid("1.2.840.113619.2.55").getValue()).isEqualTo("urn:oid:1.2.840.113619.2.55");
    assertThat(NeuroFhirIdentifiers.studyInstanceUid("urn:oid:1.2.3").getValue()).isEqualTo("urn:oid:1.2.3");
    assertThat(NeuroFhirIdentifiers.studyInstanceUid("1.2.3").getSystem()).isEqualTo("urn:dicom:uid");
  }

  @Test
  void rejectsSomethingThatIsNotADicomUid() {
    assertThatThrownBy(() -> NeuroFhirIdentifiers.studyInstanceUid("1.2.03")).hasMessageContaining("Not a DICOM UID");
    assertThatThrownBy(() -> NeuroFhirIdentifiers.studyInstanceUid("abc")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void segmentationReportLifecycleGoesFromPreliminaryToFinalAndNeverBack() {
    assertThat(SegmentationReportCoding.isAllowedTransition(DiagnosticReportStatus.PRELIMINARY, DiagnosticReportStatus.FINAL)).isTrue();
    assertThat(SegmentationReportCoding.isAllowedTransition(DiagnosticReportStatus.FINAL, DiagnosticReportStatus.AMENDED)).isTrue();
    assertThat(SegmentationReportCoding.isAllowedTransition(DiagnosticReportStatus.FINAL, DiagnosticReportStatus.PRELIMINARY)).isFalse();
    assertThat(SegmentationReportCoding.isAllowedTransition(DiagnosticReportStatus.CANCELLED, DiagnosticReportStatus.FINAL)).isFalse();
  }
}
