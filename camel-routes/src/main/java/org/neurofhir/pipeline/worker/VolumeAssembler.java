package org.neurofhir.pipeline.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.neurofhir.dicom.volume.InconsistentSeriesException;
import org.neurofhir.dicom.volume.SeriesVolume;
import org.neurofhir.dicom.volume.SeriesVolumeReader;
import org.neurofhir.inference.nifti.NiftiReader;
import org.neurofhir.inference.volume.Affine;
import org.neurofhir.inference.volume.InvalidVolumeException;
import org.neurofhir.inference.volume.MrVolume;
import org.neurofhir.inference.volume.ScalarVolume;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.inference.volume.VolumeGrid;

/**
 * Builds the model's multi-channel input from four stored series (or NIfTI uploads). Sequences on a grid other
 * than FLAIR's are resampled onto the FLAIR grid (FLAIR is the reference of the BraTS convention). Any input the
 * model cannot take is a {@link PermanentJobFailure} naming the sequence and the reason; a series folder this
 * process cannot see is {@link SeriesStorageUnavailable} (retried: the storage may be back, or another worker has it).
 */
public class VolumeAssembler {

  private final SeriesVolumeReader seriesReader;
  private final NiftiReader niftiReader = new NiftiReader();

  public VolumeAssembler(SeriesVolumeReader seriesReader) {
    this.seriesReader = seriesReader;
  }

  public MrVolume fromSeries(Map<Sequence, String> seriesDirectories, List<Sequence> required) {
    Map<Sequence, ScalarVolume> volumes = new EnumMap<>(Sequence.class);
    for (Sequence s : required) {
      String dir = seriesDirectories.get(s);
      if (dir == null) {
        throw new PermanentJobFailure("the study has no " + s.code() + " series, which the model needs", null);
      }
      Path folder = Path.of(dir);
      if (!Files.isDirectory(folder) || !Files.isReadable(folder)) {
        throw new SeriesStorageUnavailable(s, folder);
      }
      try {
        volumes.put(s, toScalar(seriesReader.read(Path.of(dir))));
      } catch (InconsistentSeriesException | InvalidVolumeException e) {
        throw new PermanentJobFailure("the " + s.code() + " series cannot be used: " + e.getMessage(), e);
      }
    }
    return onFlairGrid(volumes);
  }

  public MrVolume fromNifti(Map<Sequence, byte[]> files, List<Sequence> required) {
    Map<Sequence, ScalarVolume> volumes = new EnumMap<>(Sequence.class);
    for (Sequence s : required) {
      byte[] bytes = files.get(s);
      if (bytes == null) {
        throw new PermanentJobFailure("no " + s.code() + " NIfTI was given, which the model needs", null);
      }
      try {
        volumes.put(s, niftiReader.read(new java.io.ByteArrayInputStream(bytes), s.code() + " NIfTI"));
      } catch (InvalidVolumeException e) {
        throw new PermanentJobFailure("the " + s.code() + " NIfTI cannot be used: " + e.getMessage(), e);
      }
    }
    return onFlairGrid(volumes);
  }

  private static MrVolume onFlairGrid(Map<Sequence, ScalarVolume> volumes) {
    ScalarVolume reference = volumes.getOrDefault(Sequence.FLAIR, volumes.values().iterator().next());
    Map<Sequence, ScalarVolume> aligned = new EnumMap<>(Sequence.class);
    volumes.forEach((s, v) -> aligned.put(s,
        v.grid().sameGridAs(reference.grid()) ? v : GridResampler.resample(v, reference.grid())));
    try {
      return MrVolume.of(aligned);
    } catch (InvalidVolumeException e) {
      throw new PermanentJobFailure("the sequences cannot be combined: " + e.getMessage(), e);
    }
  }

  /** A DICOM series as a volume on its own grid (its patient-space affine from the DICOM geometry). */
  public static ScalarVolume toScalar(SeriesVolume s) {
    double[] step = new double[3];
    for (int r = 0; r < 3; r++) {
      step[r] = s.sliceDirection()[r] * s.spacing()[2];
    }
    Affine affine = Affine.fromDicom(s.rowDirection(), s.columnDirection(), s.origin(), step, s.spacing()[1], s.spacing()[0]);
    VolumeGrid grid = new VolumeGrid(s.columns(), s.rows(), s.slices(), s.spacing()[0], s.spacing()[1], s.spacing()[2], affine);
    return new ScalarVolume(grid, s.voxels());
  }
}
