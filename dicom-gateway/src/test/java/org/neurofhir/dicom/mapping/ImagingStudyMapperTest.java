package org.neurofhir.dicom.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.neurofhir.dicom.store.IndexedInstance;
import org.neurofhir.dicom.toolkit.InstanceHeader;
import org.neurofhir.profiles.MrSequenceType;
import org.neurofhir.profiles.NeuroFhirCanonical;

class ImagingStudyMapperTest {
  static final String STUDY = "1.2.826.0.1.3680043.10.1234.1";
  static final String MR = "1.2.840.10008.5.1.4.1.1.4";

  final ImagingStudyMapper mapper = new ImagingStudyMapper(SequenceTypeClassifier.builtIn(), null,
      "https://pacs.example.org/dicomweb", ZoneOffset.UTC);

  static IndexedInstance instance(String series, int seriesNo, String description, int instanceNo, String issuer) {
    InstanceHeader h = new InstanceHeader(MR, series + "." + instanceNo, STUDY, series, "12345", issuer,
        "Doe^Jane^Q", "19800215", "F", "20261102", "093000.123", "MR brain", "ACC9", "House^Gregory",
        "MR", seriesNo, description, null, "BRAIN", instanceNo);
    return new IndexedInstance(h, "x", 1, "1.2.840.10008.1.2.1", "SCANNER1", Instant.EPOCH);
  }

  static List<IndexedInstance> study(String issuer) {
    List<IndexedInstance> list = new ArrayList<>();
    String[] descriptions = {"AX T1 SE", "AX T1 +C", "AX T2 TSE", "AX FLAIR"};
    for (int s = 0; s < 4; s++) {
      for (int i = 1; i <= 3; i++) list.add(instance(STUDY + "." + (s + 2), s + 1, descriptions[s], i, issuer));
    }
    return list;
  }

  @Test
  void mapsStudySeriesAndInstancesWithSequenceTypes() {
    ImagingStudy is = mapper.map(study(null)).imagingStudy();

    assertThat(is.getMeta().hasProfile(NeuroFhirCanonical.PROFILE_MR_BRAIN_IMAGING_STUDY)).isTrue();
    assertThat(is.getIdentifierFirstRep().getSystem()).isEqualTo(NeuroFhirCanonical.IDENTIFIER_DICOM_UID);
    assertThat(is.getIdentifierFirstRep().getValue()).isEqualTo("urn:oid:" + STUDY);
    assertThat(is.getStatus()).isEqualTo(ImagingStudy.ImagingStudyStatus.AVAILABLE);
    assertThat(is.getStarted().toInstant()).isEqualTo(Instant.parse("2026-11-02T09:30:00Z"));
    assertThat(is.getNumberOfSeries()).isEqualTo(4);
    assertThat(is.getNumberOfInstances()).isEqualTo(12);
    assertThat(is.getModalityFirstRep().getCode()).isEqualTo("MR");
    assertThat(is.getReferrer().getDisplay()).isEqualTo("Gregory House");
    assertThat(is.getEndpointFirstRep().getReference()).isEqualTo("#dicomweb");
    assertThat(is.getSeries()).extracting(s -> ((Coding) s.getExtensionByUrl(NeuroFhirCanonical.EXT_MR_SEQUENCE_TYPE).getValue()).getCode())
        .containsExactly("T1", "T1CE", "T2", "FLAIR");
    assertThat(is.getSeries()).allSatisfy(s -> {
      assertThat(((Coding) s.getExtensionByUrl(NeuroFhirCanonical.EXT_MR_SEQUENCE_TYPE).getValue()).getSystem())
          .isEqualTo(NeuroFhirCanonical.CS_MR_SEQUENCE_TYPE);
      assertThat(s.getInstance()).hasSize(3);
      assertThat(s.getBodySite().getCode()).isEqualTo("12738006");
      assertThat(s.getInstanceFirstRep().getSopClass().getCode()).isEqualTo("urn:oid:" + MR);
    });
    assertThat(is.getSeriesFirstRep().getNumber()).isEqualTo(1);
    assertThat(is.getSeriesFirstRep().getInstance()).extracting(i -> i.getNumber()).containsExactly(1, 2, 3);
  }

  @Test
  void mapsPatientDemographicsAndReferencesItFromTheStudy() {
    StudyResources r = mapper.map(study(null));
    Patient p = r.patient();

    assertThat(p.getIdentifierFirstRep().getSystem()).isEqualTo(NeuroFhirCanonical.IDENTIFIER_MEDICAL_RECORD_NUMBER);
    assertThat(p.getIdentifierFirstRep().getValue()).isEqualTo("12345");
    assertThat(p.getNameFirstRep().getFamily()).isEqualTo("Doe");
    assertThat(p.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Jane Q");
    assertThat(p.getGender()).isEqualTo(AdministrativeGender.FEMALE);
    assertThat(p.getBirthDateElement().getValueAsString()).isEqualTo("1980-02-15");
    assertThat(r.imagingStudy().getSubject().getReference()).isEqualTo(r.patientFullUrl());
  }

  @Test
  void patientIdentifierFollowsAnOidIssuerOrNamesTheIssuer() {
    assertThat(mapper.map(study("1.2.3.4")).patient().getIdentifierFirstRep().getSystem()).isEqualTo("urn:oid:1.2.3.4");
    var named = mapper.map(study("CITY HOSPITAL")).patient().getIdentifierFirstRep();
    assertThat(named.getSystem()).isEqualTo(NeuroFhirCanonical.IDENTIFIER_MEDICAL_RECORD_NUMBER);
    assertThat(named.getAssigner().getDisplay()).isEqualTo("CITY HOSPITAL");
  }

  @Test
  void transactionCreatesPatientConditionallyAndUpsertsStudyByUid() {
    Bundle b = mapper.map(study(null)).toTransactionBundle();

    assertThat(b.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
    assertThat(b.getEntry().get(0).getRequest().getIfNoneExist())
        .isEqualTo("identifier=" + NeuroFhirCanonical.IDENTIFIER_MEDICAL_RECORD_NUMBER + "|12345");
    assertThat(b.getEntry().get(1).getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
    assertThat(b.getEntry().get(1).getRequest().getUrl()).isEqualTo("ImagingStudy?identifier=urn:dicom:uid|urn:oid:" + STUDY);
  }

  @Test
  void siteRulesOverrideBuiltInOnes() {
    SequenceTypeClassifier c = new SequenceTypeClassifier(Map.of("SCANNER1",
        List.of(new SequenceRule(MrSequenceType.T1CE, "km"), new SequenceRule(MrSequenceType.FLAIR, "wasserunterdr"))));

    assertThat(c.classify("SCANNER1", "MR", "T1 mit KM", null)).isEqualTo(MrSequenceType.T1CE);
    assertThat(c.classify("SCANNER1", "MR", null, "ax_wasserunterdrueckt")).isEqualTo(MrSequenceType.FLAIR);
    assertThat(c.classify("OTHER_SITE", "MR", "T1 mit KM", null)).isEqualTo(MrSequenceType.T1);
    assertThat(c.classify("OTHER_SITE", "CT", "T1", null)).isEqualTo(MrSequenceType.OTHER);
    assertThat(c.classify(null, "MR", "localizer", "scout")).isEqualTo(MrSequenceType.OTHER);
  }
}
