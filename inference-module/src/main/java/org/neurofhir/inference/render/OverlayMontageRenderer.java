package org.neurofhir.inference.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.neurofhir.inference.model.OutputClass;
import org.neurofhir.inference.volume.LabelMap;
import org.neurofhir.inference.volume.MrVolume;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.inference.volume.VolumeGrid;

/**
 * A PNG montage (3×3) of axial slices evenly spread through the tumour, labels blended in their class colours
 * (necrotic red, oedema green, enhancing blue for the shipped model) over FLAIR, windowed to the 1st–99th
 * percentile of the brain. Anterior is up; left and right follow the {@link DisplayConvention} (radiological unless
 * asked otherwise), and every tile says so with its orientation letters, its slice number and the slice's position.
 * A title line names the convention and a legend names each colour, so the picture reads on its own (a printout,
 * a viewer that strips metadata).
 */
public final class OverlayMontageRenderer {

    private static final int TILES = 9;
    private static final int COLUMNS = 3;
    private static final double ALPHA = 0.45;
    /** Tiles are enlarged (nearest neighbour, voxels stay visible as such) to at least this size so text fits. */
    private static final int MIN_TILE = 240;
    private static final int GAP = 6;
    private static final int TITLE = 26;
    private static final int LEGEND = 30;

    public byte[] render(MrVolume volume, LabelMap labels, List<OutputClass> classes) {
        return render(volume, labels, classes, DisplayConvention.RADIOLOGICAL);
    }

    public byte[] render(MrVolume volume, LabelMap labels, List<OutputClass> classes, DisplayConvention convention) {
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
        SliceOrientation orientation = SliceOrientation.of(g.affine(), convention);
        int scale = Math.max(1, (int) Math.ceil((double) MIN_TILE / Math.max(g.nx(), g.ny())));
        int tw = g.nx() * scale;
        int th = g.ny() * scale;
        double[] window = window(image);
        int[] slices = slices(labels);
        int rows = (slices.length + COLUMNS - 1) / COLUMNS;
        int width = COLUMNS * tw + (COLUMNS - 1) * GAP;
        BufferedImage out = new BufferedImage(width, TITLE + rows * th + (rows - 1) * GAP + LEGEND,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = out.createGraphics();
        g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g2.setColor(Color.BLACK);
        g2.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int t = 0; t < slices.length; t++) {
            int k = slices[t];
            int x0 = (t % COLUMNS) * (tw + GAP);
            int y0 = TITLE + (t / COLUMNS) * (th + GAP);
            BufferedImage tile = new BufferedImage(g.nx(), g.ny(), BufferedImage.TYPE_INT_RGB);
            for (int j = 0; j < g.ny(); j++) {
                for (int i = 0; i < g.nx(); i++) {
                    int idx = g.index(i, j, k);
                    int grey = (int) Math.round(255 * Math.max(0, Math.min(1, (image[idx] - window[0]) / (window[1] - window[0]))));
                    int rgb = (grey << 16) | (grey << 8) | grey;
                    int c = colour[labels.label(idx)];
                    if (c >= 0) {
                        rgb = blend(grey, c);
                    }
                    tile.setRGB(orientation.flipI() ? g.nx() - 1 - i : i, orientation.flipJ() ? g.ny() - 1 - j : j, rgb);
                }
            }
            // default interpolation is nearest neighbour: enlarged voxels stay sharp squares
            g2.drawImage(tile, x0, y0, tw, th, null);
            annotate(g2, orientation, x0, y0, tw, th, k, g);
        }
        title(g2, convention);
        legend(g2, classes, out.getHeight() - LEGEND);
        g2.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(out, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    /** Orientation letters at the edges' centres, slice number and position (mm along the slice axis) in the top corners. */
    private static void annotate(Graphics2D g, SliceOrientation o, int x0, int y0, int w, int h, int k, VolumeGrid grid) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        FontMetrics m = g.getFontMetrics();
        g.setColor(Color.YELLOW);
        int mid = y0 + h / 2 + m.getAscent() / 2;
        g.drawString(String.valueOf(o.left()), x0 + 4, mid);
        g.drawString(String.valueOf(o.right()), x0 + w - 4 - m.charWidth(o.right()), mid);
        g.drawString(String.valueOf(o.top()), x0 + w / 2 - m.charWidth(o.top()) / 2, y0 + m.getAscent() + 2);
        g.drawString(String.valueOf(o.bottom()), x0 + w / 2 - m.charWidth(o.bottom()) / 2, y0 + h - 4);
        double[] centre = grid.affine().toPatient((grid.nx() - 1) / 2.0, (grid.ny() - 1) / 2.0, k);
        char axis = SliceOrientation.letter(grid.affine(), 2);
        double along = axis == 'R' || axis == 'L' ? centre[0] : axis == 'A' || axis == 'P' ? centre[1] : centre[2];
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.WHITE);
        String label = String.format(Locale.ROOT, "slice %d/%d", k + 1, grid.nz());
        String position = String.format(Locale.ROOT, "%s %+.1f mm",
                axis == 'R' || axis == 'L' ? "x" : axis == 'A' || axis == 'P' ? "y" : "z", along);
        // top corners: the edge centres hold the orientation letters
        FontMetrics small = g.getFontMetrics();
        g.drawString(label, x0 + 4, y0 + small.getAscent() + 2);
        g.drawString(position, x0 + w - 4 - small.stringWidth(position), y0 + small.getAscent() + 2);
    }

    private static void title(Graphics2D g, DisplayConvention convention) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.WHITE);
        g.drawString("Axial, " + convention.description() + "; anterior up", 6, 18);
    }

    private static void legend(Graphics2D g, List<OutputClass> classes, int y) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics m = g.getFontMetrics();
        int x = 6;
        for (OutputClass c : classes) {
            if (c.isBackground()) {
                continue;
            }
            g.setColor(new Color(c.rgb()));
            g.fillRect(x, y + 9, 14, 14);
            g.setColor(Color.WHITE);
            String text = c.name() + " (label " + c.label() + ")";
            g.drawString(text, x + 19, y + 21);
            x += 19 + m.stringWidth(text) + 18;
        }
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
