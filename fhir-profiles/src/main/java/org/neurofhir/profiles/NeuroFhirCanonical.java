package org.neurofhir.profiles;

/**
 * Canonical URLs of every conformance resource in our FHIR package, and the external code systems
 * our resources use. Other modules use these constants and never spell the URLs themselves.
 */
public final class NeuroFhirCanonical {

  public static final String BASE = "https://neurofhir.org/fhir";
  public static final String STRUCTURE_DEFINITION = BASE + "/StructureDefinition/";
  public static final String CODE_SYSTEM = BASE + "/CodeSystem/";
  public static final String VALUE_SET = BASE + "/ValueSet/";
  public static final String CONCEPT_MAP = BASE + "/ConceptMap/";
  public static final String SEARCH_PARAMETER = BASE + "/SearchParameter/";
  public static final String NAMING_SYSTEM = BASE + "/NamingSystem/";

  /** npm name of the package (package.json), as a site's package installer knows it. */
  public static final String PACKAGE_NAME = "neurofhir.fhir.r4";

  // Profiles
  public static final String PROFILE_MR_BRAIN_IMAGING_STUDY = STRUCTURE_DEFINITION + "mr-brain-imaging-study";
  public static final String PROFILE_TUMOUR_VOLUME_OBSERVATION = STRUCTURE_DEFINITION + "tumour-volume-observation";
  public static final String PROFILE_SEGMENTATION_REPORT = STRUCTURE_DEFINITION + "brain-tumour-segmentation-report";
  public static final String PROFILE_AI_MODEL_DEVICE = STRUCTURE_DEFINITION + "ai-model-device";
  public static final String PROFILE_SEGMENTATION_TASK = STRUCTURE_DEFINITION + "segmentation-task";
  public static final String PROFILE_CLINIC_PATIENT = STRUCTURE_DEFINITION + "clinic-patient";
  public static final String PROFILE_CLINIC_APPOINTMENT = STRUCTURE_DEFINITION + "clinic-appointment";
  /** Schedule: weekly rules and exceptions in one time zone; free slots are computed from it. */
  public static final String PROFILE_AVAILABILITY_SCHEDULE = STRUCTURE_DEFINITION + "availability-schedule";

  // Extensions
  public static final String EXT_MR_SEQUENCE_TYPE = STRUCTURE_DEFINITION + "mr-sequence-type";
  public static final String EXT_CONSULTATION_MODE = STRUCTURE_DEFINITION + "consultation-mode";
  /** Task: progress of a running job, valueInteger 0..100 (removed when the Task ends). */
  public static final String EXT_TASK_PROGRESS = STRUCTURE_DEFINITION + "task-progress";
  /** Attachment: SHA-256 of the bytes, valueBase64Binary (R4's Attachment.hash is SHA-1). */
  public static final String EXT_ATTACHMENT_SHA256 = STRUCTURE_DEFINITION + "attachment-sha256";
  /** Schedule: IANA time zone of the weekly rules (valueCode). */
  public static final String EXT_AVAILABILITY_TIME_ZONE = STRUCTURE_DEFINITION + "availability-time-zone";
  /** Schedule: one weekly rule (sub-extensions day, start, end, slotMinutes, capacity, mode). */
  public static final String EXT_AVAILABILITY_RULE = STRUCTURE_DEFINITION + "availability-rule";
  /** Schedule: a period off or an extra opening (sub-extensions kind, period, slotMinutes, capacity, mode, reason). */
  public static final String EXT_AVAILABILITY_EXCEPTION = STRUCTURE_DEFINITION + "availability-exception";

  // Code systems
  public static final String CS_MR_SEQUENCE_TYPE = CODE_SYSTEM + "mr-sequence-type";
  public static final String CS_TUMOUR_REGION = CODE_SYSTEM + "tumour-region";
  public static final String CS_TASK_CODE = CODE_SYSTEM + "task-code";
  public static final String CS_CONSULTATION_MODE = CODE_SYSTEM + "consultation-mode";
  /** AI model Device types and property codes. */
  public static final String CS_AI_MODEL = CODE_SYSTEM + "ai-model";
  /** Component codes of a tumour volume's change versus the prior study. */
  public static final String CS_TUMOUR_VOLUME_CHANGE = CODE_SYSTEM + "tumour-volume-change";
  /** Stages of a segmentation job (Task.businessStatus). */
  public static final String CS_SEGMENTATION_TASK_STATUS = CODE_SYSTEM + "segmentation-task-status";
  /** Observation.referenceRange.type {@code critical}: the limits outside which a result is LL/HH. */
  public static final String CS_REFERENCE_RANGE_TYPE = CODE_SYSTEM + "reference-range-type";
  /** off | open: what an availability exception does. */
  public static final String CS_AVAILABILITY_EXCEPTION_KIND = CODE_SYSTEM + "availability-exception-kind";

  // Value sets
  public static final String VS_MR_SEQUENCE_TYPE = VALUE_SET + "mr-sequence-type";
  public static final String VS_TUMOUR_REGION = VALUE_SET + "tumour-region";
  public static final String VS_TASK_CODE = VALUE_SET + "task-code";
  public static final String VS_CONSULTATION_MODE = VALUE_SET + "consultation-mode";
  public static final String VS_AI_MODEL_TYPE = VALUE_SET + "ai-model-type";
  public static final String VS_AI_MODEL_PROPERTY = VALUE_SET + "ai-model-property";
  public static final String VS_TUMOUR_VOLUME_CHANGE = VALUE_SET + "tumour-volume-change";
  public static final String VS_SEGMENTATION_REPORT_STATUS = VALUE_SET + "segmentation-report-status";
  public static final String VS_SEGMENTATION_TASK_STATUS = VALUE_SET + "segmentation-task-status";
  public static final String VS_REFERENCE_RANGE_TYPE = VALUE_SET + "reference-range-type";
  /** LOINC panels and tests with default ranges (ObservationDefinition lab-* in the package). */
  public static final String VS_LAB_TESTS = VALUE_SET + "lab-tests";
  public static final String VS_AVAILABILITY_EXCEPTION_KIND = VALUE_SET + "availability-exception-kind";

  public static final String CM_TUMOUR_REGION_TO_SNOMED = CONCEPT_MAP + "tumour-region-to-snomed";

  // Search parameters: canonical URL and the code clients put in the query string
  public static final String SP_IMAGING_STUDY_MR_SEQUENCE_TYPE = SEARCH_PARAMETER + "imagingstudy-mr-sequence-type";
  public static final String SP_IMAGING_STUDY_MR_SEQUENCE_TYPE_CODE = "mr-sequence-type";
  public static final String SP_OBSERVATION_TUMOUR_REGION = SEARCH_PARAMETER + "observation-tumour-region";
  public static final String SP_OBSERVATION_TUMOUR_REGION_CODE = "tumour-region";
  public static final String SP_APPOINTMENT_CONSULTATION_MODE = SEARCH_PARAMETER + "appointment-consultation-mode";
  public static final String SP_APPOINTMENT_CONSULTATION_MODE_CODE = "consultation-mode";

  /** Identifier system of the clinic's medical record number (value assigned by the server). */
  public static final String IDENTIFIER_MEDICAL_RECORD_NUMBER = BASE + "/sid/mrn";
  /**
   * Identifier system of a segmentation job's idempotency key (SHA-256 of study UID, model id/version and input
   * series), on its Task and its DiagnosticReport.
   */
  public static final String IDENTIFIER_SEGMENTATION_JOB = BASE + "/sid/segmentation-job";
  /** DICOM UIDs as identifiers, per the FHIR ImagingStudy guidance. */
  public static final String IDENTIFIER_DICOM_UID = "urn:dicom:uid";

  // External code systems our profiles fix
  public static final String SNOMED_CT = "http://snomed.info/sct";
  public static final String LOINC = "http://loinc.org";
  public static final String UCUM = "http://unitsofmeasure.org";
  public static final String DICOM_DCM = "http://dicom.nema.org/resources/ontology/DCM";
  public static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
  /** HL7 v2 table 0074, diagnostic service section (DiagnosticReport.category). */
  public static final String DIAGNOSTIC_SERVICE_SECTION = "http://terminology.hl7.org/CodeSystem/v2-0074";

  private NeuroFhirCanonical() {}
}
