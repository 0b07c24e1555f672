package ncverify.claim;

import ncverify.problem.Layout;
import ncverify.problem.Setting;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The cheapest parameter point with given logits (THEORY §1, the balanced factorisation): for
 * Z = W_M⋯W_1 H̄ (K × K) with every sample at its class mean, write Z D^{1/2} = U S Vᵀ
 * (D = diag(n_k)) and T = S^{1/(M+1)}; then
 * <pre>  H̄ = a_H P_0 T Vᵀ D^{−1/2},  W_m = a_m P_m T P_{m−1}ᵀ (P_M = U),</pre>
 * with P_m the first r coordinate vectors of layer m's width and λ_m a_m² = λ_H a_H² =
 * (λ_H Π λ_m)^{1/(M+1)}, which minimises Σ λ_m‖W_m‖²/2 + λ_H‖H‖²/2 among points with these
 * logits (AM–GM on the per-mode scales). Bias entries are left 0.
 */
final class Lifting {
  private Lifting() {}

  /**
   * @param logits K × K, entry (k, j) = w_k · h̄_j (W = W_M⋯W_1)
   * @return the flat point ({@link Layout}); needs every width ≥ the rank of Z
   */
  static double[] cheapest(Setting s, double[][] logits) {
    int k = s.K(), depth = s.depth();
    double[] sqrtN = new double[k];
    for (int c = 0; c < k; c++) {
      sqrtN[c] = Math.sqrt(s.count(c));
    }
    double[][] zd = new double[k][k];
    for (int r = 0; r < k; r++) {
      for (int c = 0; c < k; c++) {
        zd[r][c] = logits[r][c] * sqrtN[c];
      }
    }
    SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(zd, false));
    RealMatrix u = svd.getU(), v = svd.getV();
    double[] sv = svd.getSingularValues();
    double common = Math.pow(s.lambdaH() * s.lambdaWProduct(), 1.0 / (depth + 1));
    Layout layout = new Layout(s);
    double[] x = new double[layout.size()];
    double aH = Math.sqrt(common / s.lambdaH());
    double[][] means = new double[s.d()][k];
    for (int i = 0; i < Math.min(k, s.d()); i++) {
      double t = Math.pow(sv[i], 1.0 / (depth + 1));
      for (int c = 0; c < k; c++) {
        means[i][c] = aH * t * v.getEntry(c, i) / sqrtN[c];
      }
    }
    for (int m = 1; m <= depth; m++) {
      double a = Math.sqrt(common / s.lambdaW(m));
      double[][] w = new double[s.layerOut(m)][s.layerIn(m)];
      for (int i = 0; i < Math.min(k, Math.min(s.layerIn(m), s.layerOut(m))); i++) {
        double t = Math.pow(sv[i], 1.0 / (depth + 1));
        if (m == depth) {
          for (int r = 0; r < k; r++) {
            w[r][i] = a * t * u.getEntry(r, i);
          }
        } else {
          w[i][i] = a * t;
        }
      }
      layout.setW(x, m, w);
    }
    double[][] h = new double[s.d()][s.N()];
    int[] labels = s.labels();
    for (int i = 0; i < labels.length; i++) {
      for (int r = 0; r < s.d(); r++) {
        h[r][i] = means[r][labels[i]];
      }
    }
    layout.setH(x, h);
    return x;
  }
}
