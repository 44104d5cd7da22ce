package org.neurofhir.pipeline.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.neurofhir.dicom.synthetic.SyntheticPatient;
import org.neurofhir.dicom.synthetic.SyntheticSeries;
import org.neurofhir.dicom.synthetic.SyntheticStudyWriter;
import org.neurofhir.dicom.synthetic.UidGenerator;
import org.neurofhir.dicom.synthetic.VoxelVolume;
import org.neurofhir.dicom.synthetic.WrittenStudy;
import org.neurofhir.dicom.toolkit.PixelmedFileWriter;
import org.neurofhir.inference.phantom.Phantom;
import org.neurofhir.inference.phantom.PhantomGenerator;
import org.neurofhir.inference.phantom.PhantomSpec;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.inference.volume.VolumeGrid;

/** A synthetic 4-sequence brain-tumour study (inference-module phantom) written as DICOM (gateway writer). */
public final class DemoStudy {

  /** Series descriptions the gateway's built-in sequence rules classify. */
  public static final Map<Sequence, String> DESCRIPTIONS = Map.of(
      Sequence.T1, "T1 AX", Sequence.T1CE, "T1 AX POST GD", Sequence.T2, "T2 AX", Sequence.FLAIR, "FLAIR AX");
  private static final List<Sequence> ORDER = List.of(Sequence.T1, Sequence.T1CE, Sequence.T2, Sequence.FLAIR);

  private DemoStudy() {}

  public static Phantom phantom(int inPlane, int slices, long seed) {
    PhantomSpec spec = inPlane == 240 && slices == 155 ? PhantomSpec.brats(seed) : PhantomSpec.fieldOfView(inPlane, slices, seed);
    return new PhantomGenerator().generate(spec);
  }

  public static WrittenStudy write(Path dir, SyntheticPatient patient, Phantom phantom) throws IOException {
    VolumeGrid g = phantom.volume().grid();
    double[] spacing = {g.spacingX(), g.spacingY(), g.spacingZ()};
    double[] origin = {-(g.nx() - 1) * spacing[0] / 2, -(g.ny() - 1) * spacing[1] / 2, -(g.nz() - 1) * spacing[2] / 2};
    List<SyntheticSeries> series = ORDER.stream().map(s -> new SyntheticSeries(DESCRIPTIONS.get(s),
        new VoxelVolume(g.nx(), g.ny(), g.nz(), phantom.volume().channel(s), spacing, origin))).toList();
    return new SyntheticStudyWriter(new PixelmedFileWriter(), new UidGenerator(""), Clock.systemDefaultZone(), "DEMO")
        .write(dir, patient, series);
  }
}
