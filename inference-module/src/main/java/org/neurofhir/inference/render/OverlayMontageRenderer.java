package org.neurofhir.inference.render;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.neurofhir.inference.model.OutputClass;
import org.neurofhir.inference.volume.LabelMap;
import org.neurofhir.inference.volume.MrVolume;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.inference.volume.VolumeGrid;

/**
 * A PNG montage (3×3) of axial slices evenly spread through the tumour, labels blended in their class colours
 * (necrotic red, oedema green, enhancing blue for the shipped model) over FLAIR, windowed to the 1st–99th
 * percentile of the brain. Anterior is up and patient left on the image right (radiological convention).
 */
public final class OverlayMontageRenderer {

    private static final int TILES = 9;
    private static final int COLUMNS = 3;
    private static final double ALPHA = 0.45;

    public byte[] render(MrVolume volume, LabelMap labels, List<OutputClass> classes) {
        VolumeGrid g = volume.grid();
        if (!g.sameGridAs(labels.grid())) {
            throw new IllegalArgumentException("label map and volume are on different grids");
        }
        float[] image = volume.has(Sequence.FLAIR) ? volume.channel(Sequence.FLAIR)
                : volume.channels().values().iterator().next();
        int[] colour = new int[256];
        Arrays.fill(colour, -1);
        for (OutputClass c : classes) {
            if (!c.isBackground()) {
                colour[c.label()] = c.rgb();
            }
        }
        double[] window = window(image);
        int[] slices = slices(labels);
        int rows = (slices.length + COLUMNS - 1) / COLUMNS;
        BufferedImage out = new BufferedImage(COLUMNS * g.nx(), rows * g.ny(), BufferedImage.TYPE_INT_RGB);
        for (int t = 0; t < slices.length; t++) {
            int k = slices[t];
            int x0 = (t % COLUMNS) * g.nx();
            int y0 = (t / COLUMNS) * g.ny();
            for (int j = 0; j < g.ny(); j++) {
                for (int i = 0; i < g.nx(); i++) {
                    int idx = g.index(i, j, k);
                    int grey = (int) Math.round(255 * Math.max(0, Math.min(1, (image[idx] - window[0]) / (window[1] - window[0]))));
                    int rgb = (grey << 16) | (grey << 8) | grey;
                    int c = colour[labels.label(idx)];
                    if (c >= 0) {
                        rgb = blend(grey, c);
                    }
                    // RAS voxel grids: +j is anterior, so flip vertically to put anterior at the top.
                    out.setRGB(x0 + i, y0 + (g.ny() - 1 - j), rgb);
                }
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(out, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    private static int blend(int grey, int rgb) {
        int r = (int) Math.round((1 - ALPHA) * grey + ALPHA * ((rgb >> 16) & 0xFF));
        int g = (int) Math.round((1 - ALPHA) * grey + ALPHA * ((rgb >> 8) & 0xFF));
        int b = (int) Math.round((1 - ALPHA) * grey + ALPHA * (rgb & 0xFF));
        return (r << 16) | (g << 8) | b;
    }

    /** Slices spread over the tumour's extent, or over the whole volume when there is no tumour. */
    static int[] slices(LabelMap labels) {
        VolumeGrid g = labels.grid();
        int lo = -1;
        int hi = -1;
        byte[] lab = labels.labels();
        for (int k = 0; k < g.nz(); k++) {
            for (int i = k * g.sliceSize(); i < (k + 1) * g.sliceSize(); i++) {
                if (lab[i] != 0) {
                    if (lo < 0) {
                        lo = k;
                    }
                    hi = k;
                    break;
                }
            }
        }
        if (lo < 0) {
            lo = 0;
            hi = g.nz() - 1;
        }
        int n = Math.min(TILES, hi - lo + 1);
        int[] s = new int[n];
        for (int t = 0; t < n; t++) {
            s[t] = n == 1 ? lo : lo + (int) Math.round((double) t * (hi - lo) / (n - 1));
        }
        return s;
    }

    private static double[] window(float[] image) {
        int nonZero = 0;
        for (float f : image) {
            if (f != 0) {
                nonZero++;
            }
        }
        if (nonZero == 0) {
            return new double[] {0, 1};
        }
        float[] v = new float[nonZero];
        int n = 0;
        for (float f : image) {
            if (f != 0) {
                v[n++] = f;
            }
        }
        Arrays.sort(v);
        double lo = v[(int) (0.01 * (nonZero - 1))];
        double hi = v[(int) (0.99 * (nonZero - 1))];
        return new double[] {lo, hi > lo ? hi : lo + 1};
    }
}
