package org.neurofhir.dicom.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofhir.dicom.Dcmtk;
import org.neurofhir.dicom.Phantoms;
import org.neurofhir.dicom.synthetic.SyntheticSeries;
import org.neurofhir.dicom.synthetic.VoxelVolume;
import org.neurofhir.dicom.synthetic.WrittenStudy;
import org.neurofhir.dicom.toolkit.PixelmedFileReader;

class SeriesVolumeReaderTest {
  @TempDir Path tmp;
  final SeriesVolumeReader reader = new SeriesVolumeReader(new PixelmedFileReader());

  @Test
  void sortsSlicesByPositionNotFileOrderAndRestoresRealValues() throws Exception {
    // Non-integer values force a rescale slope/intercept on write.
    float[] voxels = new float[8 * 6 * 5];
    for (int i = 0; i < voxels.length; i++) voxels[i] = -3.25f + i * 0.137f;
    VoxelVolume v = new VoxelVolume(8, 6, 5, voxels, new double[] {0.5, 0.75, 3}, new double[] {10, 20, 30});
    WrittenStudy study = Phantoms.writer().write(tmp, Phantoms.PATIENT, List.of(new SyntheticSeries("T2", v)));
    List<Path> shuffled = new ArrayList<>(study.allFiles());
    Collections.reverse(shuffled);

    SeriesVolume read = reader.read(shuffled);

    assertThat(read.columns()).isEqualTo(8);
    assertThat(read.rows()).isEqualTo(6);
    assertThat(read.slices()).isEqualTo(5);
    assertThat(read.origin()).containsExactly(10, 20, 30);
    assertThat(read.spacing()[0]).isEqualTo(0.5);
    assertThat(read.spacing()[1]).isEqualTo(0.75);
    assertThat(read.spacing()[2]).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(read.sliceDirection()).containsExactly(0, 0, 1);
    double maxError = (voxels[voxels.length - 1] - voxels[0]) / 65535.0;
    for (int i = 0; i < voxels.length; i++) {
      assertThat((double) read.voxels()[i]).isCloseTo(voxels[i], org.assertj.core.data.Offset.offset(maxError + 1e-3));
    }
    assertThat(read.voxel(7, 5, 4)).isCloseTo(voxels[voxels.length - 1], org.assertj.core.data.Offset.offset(0.01f));
  }

  @Test
  void refusesMissingSlice() throws Exception {
    List<Path> files = new ArrayList<>(Phantoms.writeStudy(tmp, 8, 5).series().get(0).files());
    files.remove(2);

    assertThatThrownBy(() -> reader.read(files)).isInstanceOf(InconsistentSeriesException.class)
        .hasMessageContaining("missing or irregular slices");
  }

  @Test
  void refusesDuplicatePositions() throws Exception {
    List<Path> files = Phantoms.writeStudy(tmp, 8, 3).series().get(0).files();
    Dcmtk.dcmodify(files.get(1), "-m", "(0020,0032)=-100\\-110\\-40");

    assertThatThrownBy(() -> reader.read(files)).isInstanceOf(InconsistentSeriesException.class)
        .hasMessageContaining("duplicate slice position");
  }

  @Test
  void refusesMixedImageSizes() throws Exception {
    List<Path> a = Phantoms.writeStudy(tmp.resolve("a"), 8, 2).series().get(0).files();
    List<Path> b = Phantoms.writeStudy(tmp.resolve("b"), 12, 3).series().get(0).files();

    assertThatThrownBy(() -> reader.read(List.of(a.get(0), a.get(1), b.get(2))))
        .isInstanceOf(InconsistentSeriesException.class).hasMessageContaining("mixed image sizes");
  }

  @Test
  void refusesNonDicomFileWithItsName() throws Exception {
    Path junk = Files.writeString(tmp.resolve("junk.dcm"), "not dicom");

    assertThatThrownBy(() -> reader.read(List.of(junk))).isInstanceOf(InconsistentSeriesException.class)
        .hasMessageContaining("junk.dcm");
  }
}
