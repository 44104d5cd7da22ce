package org.neurofhir.server.pipeline;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.StringType;
import org.neurofhir.dicom.store.InstanceStore;
import org.neurofhir.dicom.volume.InconsistentSeriesException;
import org.neurofhir.dicom.volume.SeriesVolumeReader;
import org.neurofhir.inference.nifti.NiftiDatatype;
import org.neurofhir.inference.nifti.NiftiWriter;
import org.neurofhir.inference.volume.InvalidVolumeException;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.pipeline.fhir.FhirPort;
import org.neurofhir.pipeline.intake.StudyIntake;
import org.neurofhir.pipeline.worker.VolumeAssembler;

/**
 * {@code GET ImagingStudy/{id}/$nifti?sequence=T1CE}: one MR sequence of a study received over DICOM, as a gzip
 * NIfTI-1 volume on its own grid (patient-space affine from the DICOM geometry, so a viewer lays the label map,
 * which is on FLAIR's grid, over it). The gateway keeps the series as DICOM files, which no FHIR read reaches; the
 * volumes of a NIfTI upload are the Binaries its segmentation Task names instead. Who may call it is the
 * role's operations ({@code neurofhir.security.role-operations}) and the token's ImagingStudy scopes, as for
 * every instance operation.
 */
public class SeriesNiftiOperationProvider {

  public static final String OPERATION = "$nifti";
  static final String CONTENT_TYPE = "application/gzip";

  private final FhirPort fhir;
  private final InstanceStore store;
  private final SeriesVolumeReader reader;

  public SeriesNiftiOperationProvider(FhirPort fhir, InstanceStore store, SeriesVolumeReader reader) {
    this.fhir = fhir;
    this.store = store;
    this.reader = reader;
  }

  @Operation(name = OPERATION, type = ImagingStudy.class, idempotent = true, manualResponse = true)
  public void nifti(@IdParam IdType id, @OperationParam(name = "sequence", min = 1) StringType sequenceParam,
      HttpServletResponse response) throws IOException {
    Sequence sequence = sequence(sequenceParam);
    ImagingStudy study = fhir.read(ImagingStudy.class, id.getIdPart())
        .orElseThrow(() -> new ResourceNotFoundException("ImagingStudy/" + id.getIdPart() + " does not exist"));
    ImagingStudy.ImagingStudySeriesComponent series = StudyIntake.seriesBySequence(study).get(sequence);
    if (series == null) {
      throw new UnprocessableEntityException("ImagingStudy/" + id.getIdPart() + " has no " + sequence.code() + " series");
    }
    Path dir = store == null ? null : store.seriesDirectory(SegmentOperationProvider.studyUid(study), series.getUid());
    if (dir == null || !Files.isDirectory(dir)) {
      throw new UnprocessableEntityException("the " + sequence.code() + " series of ImagingStudy/" + id.getIdPart()
          + " was not received by this server's DICOM gateway (the volumes of a NIfTI upload are the Binaries of its"
          + " segmentation Task)");
    }
    byte[] body;
    try {
      body = new NiftiWriter().toBytes(VolumeAssembler.toScalar(reader.read(dir)), NiftiDatatype.FLOAT32, true);
    } catch (InconsistentSeriesException | InvalidVolumeException e) {
      throw new UnprocessableEntityException("the " + sequence.code() + " series of ImagingStudy/" + id.getIdPart()
          + " cannot be read as a volume: " + e.getMessage());
    }
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(CONTENT_TYPE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static Sequence sequence(StringType param) {
    String value = param == null ? "" : param.getValueAsString();
    return Arrays.stream(Sequence.values())
        .filter(s -> s.code().equalsIgnoreCase(value == null ? "" : value.trim()))
        .findFirst()
        .orElseThrow(() -> new InvalidRequestException("parameter sequence must be one of "
            + Arrays.stream(Sequence.values()).map(Sequence::code).toList() + ", got '" + value + "'"));
  }
}
