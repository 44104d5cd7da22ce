package org.neurofhir.server.pipeline;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.neurofhir.dicom.store.InstanceStore;
import org.neurofhir.inference.model.ModelManifest;
import org.neurofhir.inference.nifti.NiftiReader;
import org.neurofhir.inference.volume.InvalidVolumeException;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.pipeline.fhir.FhirPort;
import org.neurofhir.pipeline.intake.StudyIntake;
import org.neurofhir.pipeline.job.IdempotencyKey;
import org.neurofhir.pipeline.job.JobQueue;
import org.neurofhir.pipeline.job.SegmentationJob;
import org.neurofhir.pipeline.task.SegmentationTasks;
import org.neurofhir.profiles.MrSequenceType;
import org.neurofhir.profiles.NeuroFhirCanonical;
import org.neurofhir.profiles.NeuroFhirIdentifiers;

/**
 * {@code POST ImagingStudy/{id}/$segment} (stored DICOM series, or four NIfTI Binaries) and
 * {@code POST Patient/{id}/$segment} (four NIfTI Binaries). Answers 202 Accepted with the Task in
 * Content-Location (FHIR asynchronous pattern); the same inputs asked for again return the same Task.
 */
public class SegmentOperationProvider {

  public static final String OPERATION = "$segment";

  private final FhirPort fhir;
  private final SegmentationTasks tasks;
  private final JobQueue queue;
  private final java.util.function.Supplier<ModelManifest> modelManifest;
  private final InstanceStore store;

  public SegmentOperationProvider(FhirPort fhir, SegmentationTasks tasks, JobQueue queue,
      java.util.function.Supplier<ModelManifest> model, InstanceStore store) {
    this.fhir = fhir;
    this.tasks = tasks;
    this.queue = queue;
    this.modelManifest = model;
    this.store = store;
  }

  @Operation(name = OPERATION, type = ImagingStudy.class, manualResponse = true)
  public void segmentStudy(@IdParam IdType id,
      @OperationParam(name = "t1") Reference t1, @OperationParam(name = "t1ce") Reference t1ce,
      @OperationParam(name = "t2") Reference t2, @OperationParam(name = "flair") Reference flair,
      RequestDetails request, HttpServletResponse response) throws IOException {
    ImagingStudy study = fhir.read(ImagingStudy.class, id.getIdPart())
        .orElseThrow(() -> new ResourceNotFoundException("ImagingStudy/" + id.getIdPart() + " does not exist"));
    if (!study.hasSubject() || !study.getSubject().getReferenceElement().getResourceType().equals("Patient")) {
      throw new UnprocessableEntityException("ImagingStudy/" + id.getIdPart() + " has no Patient as subject");
    }
    String patientId = study.getSubject().getReferenceElement().getIdPart();
    ModelManifest model = modelManifest.get();
    Map<Sequence, Reference> given = given(t1, t1ce, t2, flair);
    SegmentationJob job;
    if (given.isEmpty()) {
      job = dicomJob(study, patientId);
    } else {
      Map<Sequence, String> binaries = binaries(given);
      String key = IdempotencyKey.of(studyUid(study), model.id(), model.version(), binaries);
      job = queueNifti(key, patientId, study.getIdPart(), binaries, study.hasStarted() ? study.getStarted().toInstant() : null);
      respond(request, response, job.taskId());
      return;
    }
    respond(request, response, job.taskId());
  }

  @Operation(name = OPERATION, type = Patient.class, manualResponse = true)
  public void segmentPatient(@IdParam IdType id,
      @OperationParam(name = "t1") Reference t1, @OperationParam(name = "t1ce") Reference t1ce,
      @OperationParam(name = "t2") Reference t2, @OperationParam(name = "flair") Reference flair,
      RequestDetails request, HttpServletResponse response) throws IOException {
    fhir.read(Patient.class, id.getIdPart())
        .orElseThrow(() -> new ResourceNotFoundException("Patient/" + id.getIdPart() + " does not exist"));
    ModelManifest model = modelManifest.get();
    Map<Sequence, String> binaries = binaries(given(t1, t1ce, t2, flair));
    String key = IdempotencyKey.of("Patient/" + id.getIdPart(), model.id(), model.version(), binaries);
    String studyId = uploadStudy(key, id.getIdPart(), binaries);
    SegmentationJob job = queueNifti(key, id.getIdPart(), studyId, binaries, null);
    respond(request, response, job.taskId());
  }

  private SegmentationJob dicomJob(ImagingStudy study, String patientId) {
    ModelManifest model = modelManifest.get();
    if (store == null) {
      throw new UnprocessableEntityException("this server receives no DICOM: give the four NIfTI Binaries instead");
    }
    String studyUid = studyUid(study);
    var chosen = StudyIntake.seriesBySequence(study);
    List<String> missing = model.input().channels().stream().filter(s -> !chosen.containsKey(s)).map(Sequence::code).toList();
    if (!missing.isEmpty()) {
      throw new UnprocessableEntityException("ImagingStudy/" + study.getIdPart() + " has no " + String.join(", ", missing)
          + " series; model " + model.id() + " needs " + model.input().channels());
    }
    Map<Sequence, String> uids = new EnumMap<>(Sequence.class);
    Map<Sequence, String> dirs = new EnumMap<>(Sequence.class);
    Map<Sequence, Reference> inputs = new EnumMap<>(Sequence.class);
    for (Sequence s : model.input().channels()) {
      String uid = chosen.get(s).getUid();
      Path dir = store.seriesDirectory(studyUid, uid).toAbsolutePath();
      if (!Files.isDirectory(dir)) {
        throw new UnprocessableEntityException("the " + s.code() + " series " + uid + " of ImagingStudy/"
            + study.getIdPart() + " was not received by this server's DICOM gateway");
      }
      uids.put(s, uid);
      dirs.put(s, dir.toString());
      inputs.put(s, new Reference("ImagingStudy/" + study.getIdPart()).setDisplay(s.code() + " series " + uid));
    }
    String key = IdempotencyKey.of(studyUid, model.id(), model.version(), uids);
    var handle = tasks.createOrFind(key, new Reference("Patient/" + patientId),
        new Reference("ImagingStudy/" + study.getIdPart()), inputs);
    SegmentationJob job = new SegmentationJob(handle.taskId(), key, model.id(), patientId, study.getIdPart(), dirs,
        Map.of(), study.hasStarted() ? study.getStarted().toInstant() : Instant.now());
    if (handle.created() || queue.deduplicates()) {
      queue.enqueue(job);
    }
    return job;
  }

  private SegmentationJob queueNifti(String key, String patientId, String studyId, Map<Sequence, String> binaries,
      Instant effective) {
    ModelManifest model = modelManifest.get();
    Map<Sequence, Reference> inputs = new EnumMap<>(Sequence.class);
    binaries.forEach((s, id) -> inputs.put(s, new Reference("Binary/" + id)));
    var handle = tasks.createOrFind(key, new Reference("Patient/" + patientId), new Reference("ImagingStudy/" + studyId), inputs);
    Map<Sequence, String> ids = new EnumMap<>(Sequence.class);
    binaries.forEach((s, v) -> ids.put(s, new IdType(v).getIdPart()));
    SegmentationJob job = new SegmentationJob(handle.taskId(), key, model.id(), patientId, studyId, Map.of(), ids,
        effective == null ? Instant.now() : effective);
    if (handle.created() || queue.deduplicates()) {
      queue.enqueue(job);
    }
    return job;
  }

  /** An ImagingStudy standing for the uploaded volumes (the results must derive from one), keyed by the request. */
  private String uploadStudy(String key, String patientId, Map<Sequence, String> binaries) {
    String uid = "2.25." + new BigInteger(key, 16);
    ImagingStudy study = new ImagingStudy();
    study.getMeta().addProfile(NeuroFhirCanonical.PROFILE_MR_BRAIN_IMAGING_STUDY);
    Identifier identifier = NeuroFhirIdentifiers.studyInstanceUid(uid);
    study.addIdentifier(identifier);
    study.setStatus(ImagingStudy.ImagingStudyStatus.AVAILABLE);
    study.addModality(new Coding(NeuroFhirCanonical.DICOM_DCM, "MR", null));
    study.setSubject(new Reference("Patient/" + patientId));
    study.setStarted(new Date());
    study.setDescription("NIfTI volumes uploaded for segmentation");
    int n = 1;
    for (Sequence s : binaries.keySet()) {
      study.addSeries().setUid(uid + "." + n).setNumber(n++)
          .setModality(new Coding(NeuroFhirCanonical.DICOM_DCM, "MR", null))
          .setDescription(s.code() + " (NIfTI upload " + binaries.get(s) + ")")
          .addExtension(MrSequenceType.fromCode(s.code()).toExtension());
    }
    study.setNumberOfSeries(binaries.size());
    Bundle tx = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    tx.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID()).setResource(study).getRequest()
        .setMethod(Bundle.HTTPVerb.POST).setUrl("ImagingStudy")
        .setIfNoneExist("identifier=" + identifier.getSystem() + "|" + identifier.getValue());
    return new IdType(fhir.transaction(tx).getEntryFirstRep().getResponse().getLocation()).getIdPart();
  }

  private static Map<Sequence, Reference> given(Reference t1, Reference t1ce, Reference t2, Reference flair) {
    Map<Sequence, Reference> m = new EnumMap<>(Sequence.class);
    if (t1 != null) m.put(Sequence.T1, t1);
    if (t1ce != null) m.put(Sequence.T1CE, t1ce);
    if (t2 != null) m.put(Sequence.T2, t2);
    if (flair != null) m.put(Sequence.FLAIR, flair);
    return m;
  }

  /** Checks the Binary parameters: all the model's sequences, Binary references that exist and hold NIfTI. */
  private Map<Sequence, String> binaries(Map<Sequence, Reference> given) {
    ModelManifest model = modelManifest.get();
    List<String> missing = new ArrayList<>();
    for (Sequence s : model.input().channels()) {
      if (!given.containsKey(s)) missing.add(s.code().toLowerCase(java.util.Locale.ROOT));
    }
    if (!missing.isEmpty()) {
      throw new InvalidRequestException("missing parameter(s) " + String.join(", ", missing) + ": give one NIfTI Binary "
          + "reference per sequence (t1, t1ce, t2, flair)");
    }
    Map<Sequence, String> versioned = new EnumMap<>(Sequence.class);
    NiftiReader reader = new NiftiReader();
    for (Sequence s : model.input().channels()) {
      IdType ref = new IdType(given.get(s).getReference());
      String name = s.code().toLowerCase(java.util.Locale.ROOT);
      if (!ref.hasIdPart() || !"Binary".equals(ref.getResourceType())) {
        throw new InvalidRequestException("parameter " + name + " must reference a Binary (Binary/<id>), got '"
            + given.get(s).getReference() + "'");
      }
      Binary binary = fhir.read(Binary.class, ref.getIdPart())
          .orElseThrow(() -> new UnprocessableEntityException("parameter " + name + ": Binary/" + ref.getIdPart()
              + " does not exist"));
      try {
        reader.read(new java.io.ByteArrayInputStream(binary.getData()), name);
      } catch (InvalidVolumeException e) {
        throw new UnprocessableEntityException("parameter " + name + ": Binary/" + ref.getIdPart()
            + " is not a usable NIfTI volume: " + e.getMessage());
      }
      versioned.put(s, ref.getIdPart() + "/_history/" + binary.getMeta().getVersionId());
    }
    return versioned;
  }

  static String studyUid(ImagingStudy study) {
    return study.getIdentifier().stream()
        .filter(i -> NeuroFhirCanonical.IDENTIFIER_DICOM_UID.equals(i.getSystem()) && i.hasValue())
        .map(i -> i.getValue().replaceFirst("^urn:oid:", ""))
        .findFirst().orElse("ImagingStudy/" + study.getIdPart());
  }

  private static void respond(RequestDetails request, HttpServletResponse response, String taskId) throws IOException {
    String location = request.getFhirServerBase() + "/Task/" + taskId;
    Task task = new Task();
    task.setId(taskId);
    response.setStatus(HttpServletResponse.SC_ACCEPTED);
    response.setHeader("Content-Location", location);
    response.setHeader("Location", location);
    response.setContentType("application/fhir+json;charset=utf-8");
    org.hl7.fhir.r4.model.OperationOutcome oo = new org.hl7.fhir.r4.model.OperationOutcome();
    oo.addIssue().setSeverity(org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.INFORMATION)
        .setCode(org.hl7.fhir.r4.model.OperationOutcome.IssueType.INFORMATIONAL)
        .setDiagnostics("Segmentation accepted; follow Task/" + taskId + " for its status");
    byte[] body = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(oo).getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
