package org.neurofhir.dicom.mapping;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.ImagingStudy.ImagingStudySeriesComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.neurofhir.dicom.store.DicomUids;
import org.neurofhir.dicom.store.IndexedInstance;
import org.neurofhir.dicom.toolkit.InstanceHeader;
import org.neurofhir.profiles.MrSequenceType;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.profiles.NeuroFhirIdentifiers;

/**
 * Pure mapping from indexed DICOM header data of one study to FHIR R4 Patient and ImagingStudy.
 * No I/O: the caller decides whether the Patient already exists (see
 * {@link StudyResources#toTransactionBundle()}).
 */
public class ImagingStudyMapper {
  private static final String URN_OID = "urn:oid:";
  private static final String DICOM_DCM = NeuroFhirCanonical.DICOM_DCM;
  private static final String DICOM_SOP_CLASS_SYSTEM = "urn:ietf:rfc:3986";
  private static final String SNOMED_BRAIN = "12738006";

  private final SequenceTypeClassifier classifier;
  private final String patientIdentifierSystem;
  private final String endpointUrl;
  private final ZoneId zone;

  /**
   * @param patientIdentifierSystem system for Patient ID when there is no OID issuer; null or
   *     empty uses the clinic MRN system
   * @param endpointUrl DICOMweb base for ImagingStudy.endpoint, or null/empty for none
   * @param zone time zone of the modality's StudyDate/StudyTime (DICOM has none of its own)
   */
  public ImagingStudyMapper(SequenceTypeClassifier classifier, String patientIdentifierSystem, String endpointUrl, ZoneId zone) {
    this.classifier = classifier;
    this.patientIdentifierSystem = empty(patientIdentifierSystem) ? NeuroFhirCanonical.IDENTIFIER_MEDICAL_RECORD_NUMBER : patientIdentifierSystem;
    this.endpointUrl = empty(endpointUrl) ? null : endpointUrl;
    this.zone = zone;
  }

  /** Maps all instances of one study; throws IllegalArgumentException for none or mixed studies. */
  public StudyResources map(List<IndexedInstance> instances) {
    if (instances.isEmpty()) throw new IllegalArgumentException("no instances to map");
    InstanceHeader first = instances.get(0).header();
    String studyUid = first.studyInstanceUid();
    for (IndexedInstance i : instances) {
      if (!studyUid.equals(i.studyInstanceUid())) throw new IllegalArgumentException("instances of more than one study");
    }
    Patient patient = patient(first);
    String patientFullUrl = "urn:uuid:" + UUID.nameUUIDFromBytes(
        (patient.getIdentifierFirstRep().getSystem() + "|" + patient.getIdentifierFirstRep().getValue()).getBytes(StandardCharsets.UTF_8));
    return new StudyResources(patient, patientFullUrl, imagingStudy(instances, first, patientFullUrl));
  }

  Patient patient(InstanceHeader h) {
    Patient p = new Patient();
    p.addIdentifier(patientIdentifier(h));
    if (!empty(h.patientName())) p.addName(name(h.patientName()));
    Date birth = date(h.patientBirthDate());
    if (birth != null) p.setBirthDate(birth);
    if (h.patientSex() != null) {
      p.setGender(switch (h.patientSex().toUpperCase()) {
        case "M" -> AdministrativeGender.MALE;
        case "F" -> AdministrativeGender.FEMALE;
        case "O" -> AdministrativeGender.OTHER;
        default -> AdministrativeGender.UNKNOWN;
      });
    }
    return p;
  }

  /** Issuer of Patient ID decides the namespace: an OID issuer is the system itself. */
  private Identifier patientIdentifier(InstanceHeader h) {
    Identifier id = new Identifier().setValue(h.patientId()).setUse(Identifier.IdentifierUse.USUAL);
    String issuer = h.issuerOfPatientId();
    if (issuer != null && DicomUids.isValid(issuer)) {
      id.setSystem(URN_OID + issuer);
    } else {
      id.setSystem(patientIdentifierSystem);
      if (!empty(issuer)) id.getAssigner().setDisplay(issuer);
    }
    return id;
  }

  private ImagingStudy imagingStudy(List<IndexedInstance> instances, InstanceHeader first, String patientFullUrl) {
    ImagingStudy study = new ImagingStudy();
    study.addIdentifier(NeuroFhirIdentifiers.studyInstanceUid(first.studyInstanceUid()));
    if (!empty(first.accessionNumber())) {
      study.addIdentifier().setValue(first.accessionNumber()).getType().addCoding()
          .setSystem("http://terminology.hl7.org/CodeSystem/v2-0203").setCode("ACSN");
    }
    study.setStatus(ImagingStudy.ImagingStudyStatus.AVAILABLE);
    study.setSubject(new Reference(patientFullUrl));
    Date started = dateTime(first.studyDate(), first.studyTime());
    if (started != null) study.setStarted(started);
    if (!empty(first.studyDescription())) study.setDescription(first.studyDescription());
    if (!empty(first.referringPhysicianName())) study.setReferrer(new Reference().setDisplay(displayName(first.referringPhysicianName())));
    if (endpointUrl != null) {
      // Contained: the endpoint is a property of this gateway, not a resource the server manages.
      Endpoint endpoint = new Endpoint();
      endpoint.setId("dicomweb");
      endpoint.setStatus(Endpoint.EndpointStatus.ACTIVE);
      endpoint.setConnectionType(new Coding("http://terminology.hl7.org/CodeSystem/endpoint-connection-type", "dicom-wado-rs", null));
      endpoint.addPayloadType().setText("DICOM");
      endpoint.setAddress(endpointUrl);
      study.addContained(endpoint);
      study.addEndpoint(new Reference("#dicomweb"));
    }

    Map<String, ImagingStudySeriesComponent> series = new LinkedHashMap<>();
    Map<String, String> modalities = new LinkedHashMap<>();
    for (IndexedInstance i : instances) {
      InstanceHeader h = i.header();
      ImagingStudySeriesComponent s = series.computeIfAbsent(h.seriesInstanceUid(), uid -> newSeries(h, i.callingAeTitle()));
      var inst = s.addInstance().setUid(h.sopInstanceUid());
      inst.setSopClass(new Coding(DICOM_SOP_CLASS_SYSTEM, URN_OID + h.sopClassUid(), null));
      if (h.instanceNumber() != null) inst.setNumber(h.instanceNumber());
      if (h.modality() != null) modalities.putIfAbsent(h.modality(), h.modality());
    }
    boolean mr = modalities.containsKey("MR");
    for (ImagingStudySeriesComponent s : series.values()) {
      s.setNumberOfInstances(s.getInstance().size());
      if (mr && !s.hasExtension(NeuroFhirCanonical.EXT_MR_SEQUENCE_TYPE)) {
        sequenceExtension(s, MrSequenceType.OTHER); // profile requires it on every series
      }
      study.addSeries(s);
    }
    modalities.keySet().forEach(m -> study.addModality(new Coding(DICOM_DCM, m, null)));
    study.setNumberOfSeries(series.size());
    study.setNumberOfInstances(instances.size());
    if (mr) study.getMeta().addProfile(NeuroFhirCanonical.PROFILE_MR_BRAIN_IMAGING_STUDY);
    return study;
  }

  private ImagingStudySeriesComponent newSeries(InstanceHeader h, String site) {
    ImagingStudySeriesComponent s = new ImagingStudySeriesComponent();
    s.setUid(h.seriesInstanceUid());
    if (h.seriesNumber() != null) s.setNumber(h.seriesNumber());
    if (h.modality() != null) s.setModality(new Coding(DICOM_DCM, h.modality(), null));
    if (!empty(h.seriesDescription())) s.setDescription(h.seriesDescription());
    String bodyPart = h.bodyPartExamined();
    if (bodyPart != null && (bodyPart.equalsIgnoreCase("BRAIN") || bodyPart.equalsIgnoreCase("HEAD"))) {
      s.setBodySite(new Coding(NeuroFhirCanonical.SNOMED_CT, SNOMED_BRAIN, "Brain structure"));
    } else if (!empty(bodyPart)) {
      s.setBodySite(new Coding().setDisplay(bodyPart));
    }
    if ("MR".equals(h.modality())) {
      sequenceExtension(s, classifier.classify(site, h.modality(), h.seriesDescription(), h.protocolName()));
    }
    return s;
  }

  private static void sequenceExtension(ImagingStudySeriesComponent s, MrSequenceType type) {
    s.addExtension(NeuroFhirCanonical.EXT_MR_SEQUENCE_TYPE, new Coding(type.system(), type.code(), type.display()));
  }

  /** DICOM PN: family^given^middle^prefix^suffix (first component group only). */
  private static HumanName name(String pn) {
    String[] parts = pn.split("=")[0].split("\\^", -1);
    HumanName n = new HumanName();
    if (parts.length > 0 && !parts[0].isBlank()) n.setFamily(parts[0].trim());
    if (parts.length > 1 && !parts[1].isBlank()) n.addGiven(parts[1].trim());
    if (parts.length > 2 && !parts[2].isBlank()) n.addGiven(parts[2].trim());
    if (parts.length > 3 && !parts[3].isBlank()) n.addPrefix(parts[3].trim());
    if (parts.length > 4 && !parts[4].isBlank()) n.addSuffix(parts[4].trim());
    return n;
  }

  private static String displayName(String pn) {
    HumanName n = name(pn);
    return (String.join(" ", n.getGiven().stream().map(Object::toString).toList()) + " " + n.getFamily()).trim();
  }

  private Date date(String da) {
    if (empty(da)) return null;
    try {
      return Date.from(LocalDate.parse(da.trim(), DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay(zone).toInstant());
    } catch (DateTimeParseException e) {
      return null; // malformed dates are left out rather than invented
    }
  }

  private Date dateTime(String da, String tm) {
    if (empty(da)) return null;
    try {
      LocalDate d = LocalDate.parse(da.trim(), DateTimeFormatter.BASIC_ISO_DATE);
      LocalTime t = LocalTime.MIDNIGHT;
      if (!empty(tm)) {
        String digits = tm.trim().split("\\.")[0];
        if (digits.length() >= 2) {
          int hh = Integer.parseInt(digits.substring(0, 2));
          int mm = digits.length() >= 4 ? Integer.parseInt(digits.substring(2, 4)) : 0;
          int ss = digits.length() >= 6 ? Integer.parseInt(digits.substring(4, 6)) : 0;
          t = LocalTime.of(hh, mm, Math.min(ss, 59));
        }
      }
      return Date.from(LocalDateTime.of(d, t).atZone(zone).toInstant());
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static boolean empty(String s) {
    return s == null || s.isBlank();
  }
}
