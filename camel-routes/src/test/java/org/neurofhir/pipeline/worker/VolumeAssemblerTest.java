package org.neurofhir.pipeline.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.dicom.synthetic.SyntheticPatient;
import org.neurofhir.dicom.synthetic.SyntheticSeries;
import org.neurofhir.dicom.synthetic.SyntheticStudyWriter;
import org.neurofhir.dicom.synthetic.UidGenerator;
import org.neurofhir.dicom.synthetic.VoxelVolume;
import org.neurofhir.dicom.synthetic.WrittenStudy;
import org.neurofhir.dicom.toolkit.PixelmedFileReader;
import org.neurofhir.dicom.toolkit.PixelmedFileWriter;
import org.neurofhir.dicom.volume.SeriesVolumeReader;
import org.neurofhir.inference.phantom.Phantom;
import org.neurofhir.inference.phantom.PhantomGenerator;
import org.neurofhir.inference.phantom.PhantomSpec;
import org.neurofhir.inference.volume.MrVolume;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.inference.volume.VolumeGrid;

/** Stored DICOM series → the model's input: same voxels as the phantom written, resampling, refusals. */
class VolumeAssemblerTest {

  private static final List<Sequence> ALL = List.of(Sequence.T1, Sequence.T1CE, Sequence.T2, Sequence.FLAIR);
  private final SyntheticStudyWriter writer =
      new SyntheticStudyWriter(new PixelmedFileWriter(), new UidGenerator(""), Clock.systemUTC(), "TEST");
  private final VolumeAssembler assembler = new VolumeAssembler(new SeriesVolumeReader(new PixelmedFileReader()));
  private final SyntheticPatient patient = new SyntheticPatient("P1", "Phantom^Test", "19700101", "F", "MR", "A1");

  private static VoxelVolume voxels(Phantom p, Sequence s, double[] spacing) {
    VolumeGrid g = p.volume().grid();
    return new VoxelVolume(g.nx(), g.ny(), g.nz(), p.volume().channel(s), spacing,
        new double[] {-(g.nx() - 1) * spacing[0] / 2, -(g.ny() - 1) * spacing[1] / 2, -(g.nz() - 1) * spacing[2] / 2});
  }

  private Map<Sequence, String> write(Path dir, List<SyntheticSeries> series) throws Exception {
    WrittenStudy study = writer.write(dir, patient, series);
    Map<Sequence, String> dirs = new EnumMap<>(Sequence.class);
    for (int i = 0; i < series.size(); i++) {
      dirs.put(ALL.get(i), study.series().get(i).files().get(0).getParent().toString());
    }
    return dirs;
  }

  @Test
  void seriesOnOneGridGiveThePhantomsVoxelsBack(@TempDir Path tmp) throws Exception {
    Phantom p = new PhantomGenerator().generate(PhantomSpec.fieldOfView(64, 40, 3));
    VolumeGrid g = p.volume().grid();
    double[] spacing = {g.spacingX(), g.spacingY(), g.spacingZ()};
    Map<Sequence, String> dirs = write(tmp, ALL.stream().map(s -> new SyntheticSeries(s.code(), voxels(p, s, spacing))).toList());

    MrVolume v = assembler.fromSeries(dirs, ALL);

    assertThat(v.grid().nx()).isEqualTo(64);
    assertThat(v.grid().nz()).isEqualTo(40);
    assertThat(v.grid().voxelVolumeMm3()).isCloseTo(g.voxelVolumeMm3(), org.assertj.core.data.Offset.offset(1e-6));
    for (Sequence s : ALL) {
      float[] want = p.volume().channel(s);
      float[] got = v.channel(s);
      float max = 0;
      for (float f : want) max = Math.max(max, Math.abs(f));
      for (int i = 0; i < want.length; i += 97) {
        assertThat(got[i]).as("%s voxel %d", s, i).isCloseTo(want[i], org.assertj.core.data.Offset.offset(max / 1000f + 1e-3f));
      }
    }
  }

  @Test
  void aSequenceOnAnotherGridIsResampledOntoFlair(@TempDir Path tmp) throws Exception {
    Phantom p = new PhantomGenerator().generate(PhantomSpec.fieldOfView(64, 40, 3));
    VolumeGrid g = p.volume().grid();
    double[] spacing = {g.spacingX(), g.spacingY(), g.spacingZ()};
    Phantom coarse = new PhantomGenerator().generate(PhantomSpec.fieldOfView(48, 30, 3));
    VolumeGrid cg = coarse.volume().grid();
    List<SyntheticSeries> series = List.of(
        new SyntheticSeries("T1", voxels(coarse, Sequence.T1, new double[] {cg.spacingX(), cg.spacingY(), cg.spacingZ()})),
        new SyntheticSeries("T1CE", voxels(p, Sequence.T1CE, spacing)),
        new SyntheticSeries("T2", voxels(p, Sequence.T2, spacing)),
        new SyntheticSeries("FLAIR", voxels(p, Sequence.FLAIR, spacing)));

    MrVolume v = assembler.fromSeries(write(tmp, series), ALL);

    assertThat(v.grid().nx()).isEqualTo(64);
    float[] t1 = v.channel(Sequence.T1);
    float[] truth = p.volume().channel(Sequence.T1);
    double err = 0;
    double norm = 0;
    for (int i = 0; i < t1.length; i++) {
      err += Math.abs(t1[i] - truth[i]);
      norm += Math.abs(truth[i]);
    }
    assertThat(err / norm).as("mean relative difference of the resampled T1").isLessThan(0.15);
  }

  @Test
  void aSeriesWithMixedSpacingFailsWithItsSequenceNamed(@TempDir Path tmp) throws Exception {
    Phantom p = new PhantomGenerator().generate(PhantomSpec.fieldOfView(32, 8, 3));
    VolumeGrid g = p.volume().grid();
    double[] spacing = {g.spacingX(), g.spacingY(), g.spacingZ()};
    Map<Sequence, String> dirs = write(tmp.resolve("a"), ALL.stream().map(s -> new SyntheticSeries(s.code(), voxels(p, s, spacing))).toList());
    Map<Sequence, String> other = write(tmp.resolve("b"), ALL.stream().map(s -> new SyntheticSeries(s.code(),
        voxels(p, s, new double[] {spacing[0] * 2, spacing[1] * 2, spacing[2]}))).toList());
    Path flair = Path.of(dirs.get(Sequence.FLAIR));
    Files.copy(Path.of(other.get(Sequence.FLAIR)).resolve("0001.dcm"), flair.resolve("9999.dcm"));

    assertThatThrownBy(() -> assembler.fromSeries(dirs, ALL))
        .isInstanceOf(PermanentJobFailure.class).hasMessageContaining("FLAIR series cannot be used");
  }

  @Test
  void aMissingSequenceIsNamed(@TempDir Path tmp) {
    assertThatThrownBy(() -> assembler.fromSeries(Map.of(Sequence.FLAIR, tmp.toString()), ALL))
        .isInstanceOf(PermanentJobFailure.class).hasMessageContaining("no T1 series");
  }

  @Test
  void seriesFolderMissingOnThisWorkerSaysToMountTheStorage(@TempDir Path tmp) {
    Map<Sequence, String> dirs = new EnumMap<>(Sequence.class);
    ALL.forEach(s -> dirs.put(s, tmp.resolve("not-mounted").resolve(s.code()).toString()));
    assertThatThrownBy(() -> assembler.fromSeries(dirs, ALL))
        .isInstanceOf(SeriesStorageUnavailable.class)
        .hasMessageContaining("the T1 series folder " + tmp.resolve("not-mounted").resolve("T1") + " does not exist on worker")
        .hasMessageContaining("neurofhir.dicom.storage-root) mounted at the same path")
        .hasNoCause();
    assertThat(JobFailures.reason(new SeriesStorageUnavailable(Sequence.T1, tmp))).startsWith("the T1 series folder");
  }
}
