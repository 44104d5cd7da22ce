package org.neurofhir.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.neurofhir.dicom.synthetic.SyntheticPatient;
import org.neurofhir.dicom.synthetic.SyntheticSeries;
import org.neurofhir.dicom.synthetic.SyntheticStudyWriter;
import org.neurofhir.dicom.synthetic.UidGenerator;
import org.neurofhir.dicom.synthetic.VoxelVolume;
import org.neurofhir.dicom.synthetic.WrittenStudy;
import org.neurofhir.dicom.toolkit.PixelmedFileWriter;

/** Small synthetic brain-MR studies for tests: a bright sphere ("tumour") in a darker ellipsoid. */
public final class Phantoms {
  public static final List<String> SEQUENCES = List.of("T1 SE axial", "T1 post Gd", "T2 TSE", "FLAIR axial");
  public static final SyntheticPatient PATIENT = new SyntheticPatient("PAT-0001", "Phantom^Brain", "19700101", "F", "MR brain tumour protocol", "ACC1");

  private Phantoms() {}

  public static VoxelVolume volume(int n, int slices, float contrast) {
    float[] v = new float[n * n * slices];
    for (int z = 0; z < slices; z++) {
      for (int y = 0; y < n; y++) {
        for (int x = 0; x < n; x++) {
          double dx = (x - n / 2.0) / (n / 2.5), dy = (y - n / 2.0) / (n / 2.2), dz = (z - slices / 2.0) / (slices / 2.0 + 1);
          double r2 = dx * dx + dy * dy + dz * dz;
          double tx = x - n * 0.6, ty = y - n * 0.45, tz = z - slices / 2.0;
          boolean tumour = tx * tx + ty * ty + tz * tz < (n / 8.0) * (n / 8.0);
          v[(z * n + y) * n + x] = r2 > 1 ? 0f : tumour ? 100f * contrast + 0.25f : 40f + x * 0.5f;
        }
      }
    }
    return new VoxelVolume(n, n, slices, v, new double[] {0.9, 0.9, 2.5}, new double[] {-100, -110, -40});
  }

  public static WrittenStudy writeStudy(Path dir, int n, int slices) throws IOException {
    List<SyntheticSeries> series = new ArrayList<>();
    for (int i = 0; i < SEQUENCES.size(); i++) series.add(new SyntheticSeries(SEQUENCES.get(i), volume(n, slices, 1 + i)));
    return writer().write(dir, PATIENT, series);
  }

  public static SyntheticStudyWriter writer() {
    return new SyntheticStudyWriter(new PixelmedFileWriter(), new UidGenerator("1.2.826.0.1.3680043.10.1234"), Clock.systemUTC(), "TESTSCU");
  }
}
