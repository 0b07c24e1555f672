package ncverify.theory;

import java.util.Arrays;
import ncverify.problem.Layout;
import ncverify.problem.Setting;

/**
 * Builds an explicit minimiser (W_1 … W_M, H, b) from the optimal "scaled logit" matrix
 * Z = W H̄ D^{1/2} = Σ_i z_i u_i v_iᵀ (an SVD, u_i, v_i ∈ R^K orthonormal, z_i > 0), using the
 * balanced factorisation of THEORY §3.2, re-derived:
 *
 * <p>with G = H̄ D^{1/2} (so ‖H‖²_F = ‖G‖²_F once H = H̄Y), min Σ_m (λ_m/2)‖W_m‖² + (λ_H/2)‖G‖² over
 * W_M⋯W_1 G = Z is attained mode by mode when every factor carries the same "energy"
 * s_i = λ_m a_{m,i}² = λ_H g_i², and then Π_m a_{m,i} g_i = z_i forces
 * s_i = z_i^{2/(M+1)} (λ_H Π_m λ_m)^{1/(M+1)}; the penalty is ((M+1)/2) Σ_i s_i.
 *
 * <p>Mode i is embedded along the i-th coordinate of every hidden space: G = Σ g_i e_i v_iᵀ,
 * W_m = Σ a_{m,i} e_i e_iᵀ (1 ≤ m < M), W_M = Σ a_{M,i} u_i e_iᵀ. The caller guarantees the number
 * of modes is at most every width (the Setting's width rule does).
 */
final class BalancedFactorization {
  final Setting setting;
  final double[][] u;     // modes × K
  final double[][] v;     // modes × K
  final double[] z;       // modes
  final double[] energy;  // s_i
  final double[][] layerScale; // [m-1][i] = a_{m,i}
  final double[] featureScale; // g_i

  BalancedFactorization(Setting s, double[][] u, double[][] v, double[] z) {
    this.setting = s;
    this.u = u;
    this.v = v;
    this.z = z;
    int depth = s.depth();
    int r = z.length;
    energy = new double[r];
    layerScale = new double[depth][r];
    featureScale = new double[r];
    double lamProd = s.lambdaH() * s.lambdaWProduct();
    for (int i = 0; i < r; i++) {
      if (!(z[i] > 0)) {
        throw new IllegalArgumentException("mode " + i + " has non-positive singular value " + z[i]);
      }
      energy[i] = Math.pow(z[i], 2.0 / (depth + 1)) * Math.pow(lamProd, 1.0 / (depth + 1));
      for (int m = 1; m <= depth; m++) {
        layerScale[m - 1][i] = Math.sqrt(energy[i] / s.lambdaW(m));
      }
      featureScale[i] = Math.sqrt(energy[i] / s.lambdaH());
    }
  }

  /** Balanced penalty ((M+1)/2) Σ_i s_i = c_M Σ_i z_i^{2/(M+1)}. */
  double penalty() {
    return 0.5 * (setting.depth() + 1) * Arrays.stream(energy).sum();
  }

  /** Product scale A_i = Π_m a_{m,i} (the i-th singular value of W = W_M⋯W_1). */
  double productScale(int i) {
    double a = 1;
    for (double[] layer : layerScale) {
      a *= layer[i];
    }
    return a;
  }

  /** Singular values of each W_m (index m−1), decreasing, min(rows, cols) of them. */
  double[][] layerSingularValues() {
    int depth = setting.depth();
    double[][] out = new double[depth][];
    for (int m = 1; m <= depth; m++) {
      int len = Math.min(setting.layerOut(m), setting.layerIn(m));
      double[] sv = new double[len];
      for (int i = 0; i < z.length; i++) {
        sv[i] = layerScale[m - 1][i];
      }
      Arrays.sort(sv);
      reverse(sv);
      out[m - 1] = sv;
    }
    return out;
  }

  /** Class means H̄ (d × K) = G D^{-1/2}. */
  double[][] classMeans() {
    int k = setting.K();
    double[][] hbar = new double[setting.d()][k];
    for (int i = 0; i < z.length; i++) {
      for (int c = 0; c < k; c++) {
        hbar[i][c] += featureScale[i] * v[i][c] / Math.sqrt(setting.count(c));
      }
    }
    return hbar;
  }

  /** Alignment S (K×K) with W = S H̄ᵀ: S = Σ_i (A_i/g_i) u_i v_iᵀ D^{1/2}. */
  double[][] alignment() {
    int k = setting.K();
    double[][] s = new double[k][k];
    for (int i = 0; i < z.length; i++) {
      double ratio = productScale(i) / featureScale[i];
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          s[a][b] += ratio * u[i][a] * v[i][b] * Math.sqrt(setting.count(b));
        }
      }
    }
    return s;
  }

  /** The flat parameter vector; {@code bias} may be null (no bias). */
  double[] parameters(double[] bias) {
    Layout layout = new Layout(setting);
    double[] x = new double[layout.size()];
    int depth = setting.depth();
    for (int m = 1; m <= depth; m++) {
      double[][] w = new double[setting.layerOut(m)][setting.layerIn(m)];
      for (int i = 0; i < z.length; i++) {
        if (m < depth) {
          w[i][i] = layerScale[m - 1][i];
        } else {
          for (int c = 0; c < setting.K(); c++) {
            w[c][i] = layerScale[m - 1][i] * u[i][c];
          }
        }
      }
      layout.setW(x, m, w);
    }
    layout.setH(x, Minimisers.replicateMeans(setting, classMeans()));
    if (setting.hasBias()) {
      System.arraycopy(bias, 0, x, layout.bOffset(), setting.K());
    }
    return x;
  }

  private static void reverse(double[] a) {
    for (int i = 0, j = a.length - 1; i < j; i++, j--) {
      double t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
