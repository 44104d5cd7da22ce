package org.neurofhir.inference.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.neurofhir.inference.model.OutputClass;
import org.neurofhir.inference.volume.Affine;
import org.neurofhir.inference.volume.LabelMap;
import org.neurofhir.inference.volume.MrVolume;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.inference.volume.VolumeGrid;

class OverlayMontageRendererTest {

  private static final List<OutputClass> CLASSES = List.of(
      new OutputClass(0, 0, "background", "Background", "#000000", List.of()),
      new OutputClass(1, 1, "necrotic-core", "Necrotic tumour core", "#FF0000", List.of()),
      new OutputClass(2, 2, "oedema", "Peritumoral oedema", "#00FF00", List.of()),
      new OutputClass(3, 4, "enhancing-tumour", "Enhancing tumour", "#0000FF", List.of()));
  private static final int N = 64;
  /** 240 px at least per tile: 64 voxels drawn 4 px wide. */
  private static final int TILE = 256;
  private static final int TITLE = 26;

  /** A lesion on the patient's right (+x in RAS, high i): radiological draws it on the left half of each tile. */
  @Test
  void radiologicalConventionPutsThePatientsRightOnTheImageLeft() throws Exception {
    BufferedImage radiological = render(DisplayConvention.RADIOLOGICAL);
    BufferedImage neurological = render(DisplayConvention.NEUROLOGICAL);

    assertThat(greenColumns(radiological)).allMatch(x -> x < TILE / 2).isNotEmpty();
    assertThat(greenColumns(neurological)).allMatch(x -> x > TILE / 2).isNotEmpty();
  }

  @Test
  void theMontageCarriesLegendColoursOrientationLettersAndATitle() throws Exception {
    BufferedImage png = render(DisplayConvention.RADIOLOGICAL);
    int legendTop = png.getHeight() - 30;
    for (int colour : new int[] {0xFF0000, 0x00FF00, 0x0000FF}) {
      assertThat(count(png, 0, legendTop, png.getWidth(), png.getHeight(), rgb -> rgb == colour))
          .as("legend swatch %06X", colour).isGreaterThanOrEqualTo(14 * 14);
    }
    // the letters are yellow, at the left edge's middle and the top's centre of the first tile
    assertThat(count(png, 0, TITLE + TILE / 2 - 14, 20, TITLE + TILE / 2 + 14, OverlayMontageRendererTest::yellow)).isPositive();
    assertThat(count(png, TILE / 2 - 10, TITLE, TILE / 2 + 10, TITLE + 22, OverlayMontageRendererTest::yellow)).isPositive();
    // title text above the tiles, slice number and position in each tile's top corners are white
    assertThat(count(png, 0, 0, png.getWidth(), TITLE, rgb -> rgb == 0xFFFFFF)).isPositive();
    assertThat(count(png, 0, TITLE, 80, TITLE + 18, rgb -> rgb == 0xFFFFFF)).isPositive();
    assertThat(count(png, TILE - 80, TITLE, TILE, TITLE + 18, rgb -> rgb == 0xFFFFFF)).isPositive();
  }

  @Test
  void lettersFollowTheAffineAndTheConvention() {
    Affine ras = Affine.diagonal(1, 1, 1, 0, 0, 0);
    assertThat(SliceOrientation.of(ras, DisplayConvention.RADIOLOGICAL))
        .isEqualTo(new SliceOrientation(true, true, 'R', 'L', 'A', 'P'));
    assertThat(SliceOrientation.of(ras, DisplayConvention.NEUROLOGICAL))
        .isEqualTo(new SliceOrientation(false, true, 'L', 'R', 'A', 'P'));
    // rows stored right-to-left and posterior-first (DICOM LPS order): radiological needs no flip at all
    Affine lps = Affine.diagonal(-1, -1, 1, 0, 0, 0);
    assertThat(SliceOrientation.of(lps, DisplayConvention.RADIOLOGICAL))
        .isEqualTo(new SliceOrientation(false, false, 'R', 'L', 'A', 'P'));
  }

  private static BufferedImage render(DisplayConvention convention) throws Exception {
    VolumeGrid grid = VolumeGrid.centred(N, N, 8, 1, 1, 1);
    float[] flair = new float[grid.voxelCount()];
    byte[] labels = new byte[grid.voxelCount()];
    for (int k = 0; k < 8; k++) {
      for (int j = 0; j < N; j++) {
        for (int i = 0; i < N; i++) {
          flair[grid.index(i, j, k)] = 50 + (i + j) % 7;
          if (i >= 50 && i < 60 && j >= 28 && j < 36 && k >= 2 && k < 6) {
            labels[grid.index(i, j, k)] = 2;
          }
        }
      }
    }
    MrVolume volume = new MrVolume(grid, Map.of(Sequence.FLAIR, flair));
    byte[] png = new OverlayMontageRenderer().render(volume, new LabelMap(grid, labels), CLASSES, convention);
    return ImageIO.read(new ByteArrayInputStream(png));
  }

  /** Columns (within the first tile) holding oedema-blended pixels: green well above red and blue. */
  private static List<Integer> greenColumns(BufferedImage png) {
    return Arrays.stream(range(TILE)).filter(x -> {
      for (int y = TITLE + 30; y < TITLE + TILE - 30; y++) {
        int rgb = png.getRGB(x, y) & 0xFFFFFF;
        if (((rgb >> 8) & 0xFF) > ((rgb >> 16) & 0xFF) + 40) {
          return true;
        }
      }
      return false;
    }).boxed().toList();
  }

  private static int[] range(int n) {
    int[] r = new int[n];
    Arrays.setAll(r, i -> i);
    return r;
  }

  private static boolean yellow(int rgb) {
    return ((rgb >> 16) & 0xFF) > 200 && ((rgb >> 8) & 0xFF) > 200 && (rgb & 0xFF) < 80;
  }

  private static int count(BufferedImage png, int x0, int y0, int x1, int y1, java.util.function.IntPredicate p) {
    int n = 0;
    for (int y = Math.max(0, y0); y < Math.min(png.getHeight(), y1); y++) {
      for (int x = Math.max(0, x0); x < Math.min(png.getWidth(), x1); x++) {
        if (p.test(png.getRGB(x, y) & 0xFFFFFF)) {
          n++;
        }
      }
    }
    return n;
  }
}
