package org.neurofhir.pipeline.worker;

import org.neurofhir.inference.volume.Affine;
import org.neurofhir.inference.volume.ScalarVolume;
import org.neurofhir.inference.volume.VolumeGrid;

/**
 * Trilinear resampling of a volume onto another grid through both affines (patient space). Used when a study's
 * sequences were acquired on different grids: every sequence is brought onto the FLAIR grid. Voxels outside the
 * source volume become 0 (background, as the model's normalisation treats it).
 */
final class GridResampler {

  private GridResampler() {}

  static ScalarVolume resample(ScalarVolume source, VolumeGrid target) {
    VolumeGrid sg = source.grid();
    double[][] inv = inverse(sg.affine());
    float[] src = source.voxels();
    float[] out = new float[target.voxelCount()];
    for (int k = 0; k < target.nz(); k++) {
      for (int j = 0; j < target.ny(); j++) {
        for (int i = 0; i < target.nx(); i++) {
          double[] p = target.affine().toPatient(i, j, k);
          double x = p[0] - inv[3][0];
          double y = p[1] - inv[3][1];
          double z = p[2] - inv[3][2];
          double fi = inv[0][0] * x + inv[0][1] * y + inv[0][2] * z;
          double fj = inv[1][0] * x + inv[1][1] * y + inv[1][2] * z;
          double fk = inv[2][0] * x + inv[2][1] * y + inv[2][2] * z;
          out[target.index(i, j, k)] = sample(src, sg, fi, fj, fk);
        }
      }
    }
    return new ScalarVolume(target, out);
  }

  private static float sample(float[] v, VolumeGrid g, double fi, double fj, double fk) {
    if (fi < -0.5 || fj < -0.5 || fk < -0.5 || fi > g.nx() - 0.5 || fj > g.ny() - 0.5 || fk > g.nz() - 0.5) {
      return 0f;
    }
    fi = clamp(fi, g.nx());
    fj = clamp(fj, g.ny());
    fk = clamp(fk, g.nz());
    int i0 = (int) Math.floor(fi);
    int j0 = (int) Math.floor(fj);
    int k0 = (int) Math.floor(fk);
    int i1 = Math.min(i0 + 1, g.nx() - 1);
    int j1 = Math.min(j0 + 1, g.ny() - 1);
    int k1 = Math.min(k0 + 1, g.nz() - 1);
    double di = fi - i0;
    double dj = fj - j0;
    double dk = fk - k0;
    double c00 = v[g.index(i0, j0, k0)] * (1 - di) + v[g.index(i1, j0, k0)] * di;
    double c10 = v[g.index(i0, j1, k0)] * (1 - di) + v[g.index(i1, j1, k0)] * di;
    double c01 = v[g.index(i0, j0, k1)] * (1 - di) + v[g.index(i1, j0, k1)] * di;
    double c11 = v[g.index(i0, j1, k1)] * (1 - di) + v[g.index(i1, j1, k1)] * di;
    double c0 = c00 * (1 - dj) + c10 * dj;
    double c1 = c01 * (1 - dj) + c11 * dj;
    return (float) (c0 * (1 - dk) + c1 * dk);
  }

  private static double clamp(double f, int n) {
    return Math.max(0, Math.min(n - 1, f));
  }

  /** Rows 0..2: inverse of the 3×3 linear part; row 3: the translation to subtract first. */
  private static double[][] inverse(Affine a) {
    double m00 = a.get(0, 0), m01 = a.get(0, 1), m02 = a.get(0, 2);
    double m10 = a.get(1, 0), m11 = a.get(1, 1), m12 = a.get(1, 2);
    double m20 = a.get(2, 0), m21 = a.get(2, 1), m22 = a.get(2, 2);
    double det = m00 * (m11 * m22 - m12 * m21) - m01 * (m10 * m22 - m12 * m20) + m02 * (m10 * m21 - m11 * m20);
    if (Math.abs(det) < 1e-12) {
      throw new PermanentJobFailure("a series has a degenerate orientation (its voxel axes are not independent)", null);
    }
    return new double[][] {
        {(m11 * m22 - m12 * m21) / det, (m02 * m21 - m01 * m22) / det, (m01 * m12 - m02 * m11) / det},
        {(m12 * m20 - m10 * m22) / det, (m00 * m22 - m02 * m20) / det, (m02 * m10 - m00 * m12) / det},
        {(m10 * m21 - m11 * m20) / det, (m01 * m20 - m00 * m21) / det, (m00 * m11 - m01 * m10) / det},
        {a.get(0, 3), a.get(1, 3), a.get(2, 3)}};
  }
}
