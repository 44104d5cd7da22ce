package org.neurofhir.inference.phantom;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.neurofhir.inference.volume.LabelMap;
import org.neurofhir.inference.volume.MrVolume;
import org.neurofhir.inference.volume.Sequence;
import org.neurofhir.inference.volume.VolumeGrid;
import org.neurofhir.inference.volumetrics.TumourRegion;

/**
 * Draws skull-stripped (BraTS-style) 4-sequence brain phantoms with one tumour: cortex, white matter,
 * deep grey nuclei, ventricles and sulcal CSF, and a tumour whose necrotic core is dark on T1CE, whose
 * enhancing rim is bright on T1CE and whose oedema is bright on FLAIR and T2. Shape, size, position,
 * contrasts, bias field and noise are random but fixed by the seed; slices are drawn in parallel from
 * per-slice random streams so the result does not depend on thread scheduling.
 */
public final class PhantomGenerator {

    private static final int BACKGROUND = 0;
    private static final int CSF = 1;
    private static final int GREY = 2;
    private static final int WHITE = 3;
    private static final int NECROTIC = 4;
    private static final int ENHANCING = 5;
    private static final int OEDEMA = 6;

    /** Relative signal per tissue (rows) and sequence (columns T1, T1CE, T2, FLAIR), white matter T1 ≈ 0.85. */
    private static final double[][] CONTRAST = {
        {0, 0, 0, 0},
        {0.25, 0.25, 1.00, 0.12},
        {0.60, 0.62, 0.62, 0.62},
        {0.85, 0.85, 0.42, 0.48},
        {0.30, 0.20, 0.92, 0.55},
        {0.55, 1.25, 0.70, 0.78},
        {0.50, 0.52, 0.85, 1.00},
    };

    private static final Sequence[] SEQUENCES = {Sequence.T1, Sequence.T1CE, Sequence.T2, Sequence.FLAIR};

    public Phantom generate(PhantomSpec spec) {
        SplittableRandom rnd = new SplittableRandom(spec.seed());
        Anatomy anatomy = new Anatomy(rnd);
        Tumour tumour = Tumour.place(rnd, anatomy);
        Appearance look = new Appearance(rnd);

        VolumeGrid grid = spec.grid();
        int nx = grid.nx();
        int ny = grid.ny();
        int slice = grid.sliceSize();
        float[][] data = new float[4][grid.voxelCount()];
        byte[] labels = new byte[grid.voxelCount()];
        double[] origin = grid.affine().toPatient(0, 0, 0);

        IntStream.range(0, grid.nz()).parallel().forEach(k -> {
            SplittableRandom noise = new SplittableRandom(spec.seed() * 1_000_003L + k);
            double z = origin[2] + k * spec.spacingZ();
            for (int j = 0; j < ny; j++) {
                double y = origin[1] + j * spec.spacingY();
                for (int i = 0; i < nx; i++) {
                    double x = origin[0] + i * spec.spacingX();
                    int tissue = anatomy.tissueAt(x, y, z);
                    if (tissue == BACKGROUND) {
                        continue;
                    }
                    int t = tumour.tissueAt(x, y, z);
                    if (t != BACKGROUND) {
                        tissue = t;
                    }
                    int idx = i + nx * j + slice * k;
                    labels[idx] = (byte) bratsLabel(tissue);
                    for (int s = 0; s < 4; s++) {
                        data[s][idx] = look.intensity(s, tissue, x, y, z, noise);
                    }
                }
            }
        });

        Map<Sequence, float[]> channels = new EnumMap<>(Sequence.class);
        for (int s = 0; s < 4; s++) {
            channels.put(SEQUENCES[s], data[s]);
        }
        return new Phantom(spec, new MrVolume(grid, channels), new LabelMap(grid, labels),
                tumour.volumesCm3(), tumour.centre());
    }

    private static int bratsLabel(int tissue) {
        return switch (tissue) {
            case NECROTIC -> 1;
            case OEDEMA -> 2;
            case ENHANCING -> 4;
            default -> 0;
        };
    }

    /** Brain geometry in mm, relative to the patient origin. */
    private static final class Anatomy {
        final double cx;
        final double cy;
        final double cz;
        final double ax;
        final double ay;
        final double az;
        final double foldPhase;

        Anatomy(SplittableRandom rnd) {
            cx = 6 * (rnd.nextDouble() - 0.5);
            cy = 6 * (rnd.nextDouble() - 0.5);
            cz = 6 * (rnd.nextDouble() - 0.5);
            ax = 66 + 6 * rnd.nextDouble();
            ay = 82 + 8 * rnd.nextDouble();
            az = 58 + 6 * rnd.nextDouble();
            foldPhase = 2 * Math.PI * rnd.nextDouble();
        }

        /** Normalised brain radius: 1 on the brain surface. */
        double brainRadius(double x, double y, double z) {
            double u = (x - cx) / ax;
            double v = (y - cy) / ay;
            double w = (z - cz) / az;
            return Math.sqrt(u * u + v * v + w * w);
        }

        int tissueAt(double x, double y, double z) {
            double s = brainRadius(x, y, z);
            if (s > 1) {
                return BACKGROUND;
            }
            if (s > 0.975) {
                return CSF;
            }
            double dx = x - cx;
            double dy = y - cy;
            double dz = z - cz;
            double fold = Math.sin(0.22 * dx + foldPhase) * Math.sin(0.19 * dy) * Math.cos(0.21 * dz);
            if (s > 0.87 + 0.05 * fold) {
                return GREY;
            }
            double side = Math.abs(dx);
            if (inEllipsoid(side - 9, dy - 5, dz - 10, 5, 22, 9)) {
                return CSF;
            }
            if (inEllipsoid(side - 16, dy + 4, dz + 2, 8, 12, 9)) {
                return GREY;
            }
            return WHITE;
        }

        private static boolean inEllipsoid(double x, double y, double z, double a, double b, double c) {
            return x * x / (a * a) + y * y / (b * b) + z * z / (c * c) <= 1;
        }
    }

    /**
     * Nested star-shaped regions around centre c: necrosis r ≤ rn·f(u), enhancing rim up to re·f(u), oedema up to
     * re·f(u) + m·h(u) (a shell of irregular thickness hugging the core, like real peritumoral oedema).
     */
    private static final class Tumour {
        final double[] c;
        final StarShape core;
        final StarShape spread;
        final double rNecrotic;
        final double rEnhancing;
        final double margin;
        final double reach;
        final double oedemaOuterVolume;

        private Tumour(double[] c, StarShape core, StarShape spread, double rn, double re, double m) {
            this.c = c;
            this.core = core;
            this.spread = spread;
            this.rNecrotic = rn;
            this.rEnhancing = re;
            this.margin = m;
            double[] outer = StarShape.integrate(this::oedemaRadius);
            this.oedemaOuterVolume = outer[0];
            this.reach = outer[2];
        }

        double oedemaRadius(double ux, double uy, double uz) {
            return rEnhancing * core.radius(ux, uy, uz) + margin * spread.radius(ux, uy, uz);
        }

        static Tumour place(SplittableRandom rnd, Anatomy a) {
            StarShape core = new StarShape(rnd, 0.3, 0.05);
            StarShape spread = new StarShape(rnd, 0.5, 0.15);
            double re = 15 + 12 * rnd.nextDouble();
            double necroticFraction = 0.55 + 0.17 * rnd.nextDouble();
            double margin = 5 + 10 * rnd.nextDouble();
            for (int attempt = 0; ; attempt++) {
                double[] dir = StarShape.randomUnit(rnd);
                double q = 0.45 * Math.cbrt(rnd.nextDouble());
                double[] c = {a.cx + q * a.ax * dir[0], a.cy + q * a.ay * dir[1], a.cz + q * a.az * dir[2]};
                // Keep the rim at least ~4 mm thick so it stays visible at 2 mm sampling.
                double rn = Math.min(necroticFraction * re, re - 4.0 / core.minRadius());
                Tumour t = new Tumour(c, core, spread, rn, re, margin);
                if (t.insideBrain(a, rnd)) {
                    return t;
                }
                // Too big for where it landed: thin the oedema first, then shrink the core, never below 14 mm.
                if (attempt % 4 == 3) {
                    if (margin > 4) {
                        margin *= 0.85;
                    } else {
                        re = Math.max(14, re * 0.92);
                    }
                }
            }
        }

        /** The oedema must not reach the cortex, or the analytic volume would not match what is drawn. */
        private boolean insideBrain(Anatomy a, SplittableRandom rnd) {
            for (int n = 0; n < 400; n++) {
                double[] u = StarShape.randomUnit(rnd);
                double r = oedemaRadius(u[0], u[1], u[2]) + 2;
                if (a.brainRadius(c[0] + r * u[0], c[1] + r * u[1], c[2] + r * u[2]) > 0.86) {
                    return false;
                }
            }
            return true;
        }

        int tissueAt(double x, double y, double z) {
            double dx = x - c[0];
            double dy = y - c[1];
            double dz = z - c[2];
            double r2 = dx * dx + dy * dy + dz * dz;
            if (r2 > reach * reach) {
                return BACKGROUND;
            }
            double r = Math.sqrt(r2);
            if (r == 0) {
                return NECROTIC;
            }
            double ux = dx / r;
            double uy = dy / r;
            double uz = dz / r;
            double f = core.radius(ux, uy, uz);
            double s = r / f;
            if (s <= rNecrotic) {
                return NECROTIC;
            }
            if (s <= rEnhancing) {
                return ENHANCING;
            }
            if (r <= rEnhancing * f + margin * spread.radius(ux, uy, uz)) {
                return OEDEMA;
            }
            return BACKGROUND;
        }

        Map<TumourRegion, Double> volumesCm3() {
            double necrotic = core.unitVolume() * Math.pow(rNecrotic, 3) / 1000;
            double coreAll = core.unitVolume() * Math.pow(rEnhancing, 3) / 1000;
            double whole = oedemaOuterVolume / 1000;
            Map<TumourRegion, Double> v = new EnumMap<>(TumourRegion.class);
            v.put(TumourRegion.NECROTIC_CORE, necrotic);
            v.put(TumourRegion.ENHANCING_TUMOUR, coreAll - necrotic);
            v.put(TumourRegion.OEDEMA, whole - coreAll);
            v.put(TumourRegion.TUMOUR_CORE, coreAll);
            v.put(TumourRegion.WHOLE_TUMOUR, whole);
            return v;
        }

        double[] centre() {
            return c.clone();
        }
    }

    /** Per-phantom scanner look: contrast jitter, gain, smooth bias field, texture and noise. */
    private static final class Appearance {
        final double[][] level = new double[7][4];
        final double[] gain = new double[4];
        final double[][] bias = new double[4][4];
        final double[] noise = new double[4];
        final double[] texturePhase = new double[3];

        Appearance(SplittableRandom rnd) {
            for (int t = 1; t < 7; t++) {
                for (int s = 0; s < 4; s++) {
                    level[t][s] = CONTRAST[t][s] * (1 + 0.06 * clamp(rnd.nextGaussian(), 2));
                }
            }
            for (int s = 0; s < 4; s++) {
                gain[s] = 200 + 1000 * rnd.nextDouble();
                for (int b = 0; b < 4; b++) {
                    bias[s][b] = 0.12 * clamp(rnd.nextGaussian(), 2);
                }
                noise[s] = 0.015 + 0.03 * rnd.nextDouble();
            }
            for (int n = 0; n < 3; n++) {
                texturePhase[n] = 2 * Math.PI * rnd.nextDouble();
            }
        }

        float intensity(int s, int tissue, double x, double y, double z, SplittableRandom rnd) {
            double xs = x / 100;
            double ys = y / 100;
            double zs = z / 100;
            double field = Math.exp(bias[s][0] * xs + bias[s][1] * ys + bias[s][2] * zs + bias[s][3] * (xs * xs - ys * ys));
            double texture = 1;
            if (tissue >= NECROTIC) {
                texture += 0.05 * Math.sin(0.45 * x + texturePhase[0]) * Math.sin(0.4 * y + texturePhase[1])
                        * Math.sin(0.5 * z + texturePhase[2]);
            }
            double value = level[tissue][s] * field * texture + noise[s] * rnd.nextGaussian();
            // Stay strictly positive inside the brain: zero means "outside the brain mask" to the preprocessor.
            return (float) (gain[s] * Math.max(value, 0.01));
        }

        private static double clamp(double v, double limit) {
            return Math.max(-limit, Math.min(limit, v));
        }
    }
}
