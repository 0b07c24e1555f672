package ncverify.theory;

import ncverify.measure.PointGeometry;

import java.util.Arrays;
import ncverify.problem.Setting;

/** Helpers shared by the family implementations. */
final class Families {
  private Families() {}

  /** All regularisers strictly positive (otherwise minimisers are not attained or not unique). */
  static boolean positiveRegularisers(Setting s) {
    return s.lambdaH() > 0 && Arrays.stream(s.lambdaW()).allMatch(l -> l > 0);
  }

  /**
   * A class is collapsed in a prediction when its ‖w_k‖² and ‖h̄_k‖² are at most this fraction of
   * the largest class's (relative to the live classes' scale, never == 0). Reason: the modes come
   * from an SVD/eigen-decomposition whose vectors carry ~1e-16 relative round-off, so a class
   * outside every live mode's support gets squared norms ~1e-32 of the live ones (issue 11,
   * failing input 5: equal counts mix modes, and a class at 1e-33 was reported live); a live class
   * below 1e-10 of the largest in norm exists only within ~1e-10 of an exact (continuous, M = 1)
   * threshold, where the structure comparison is inconclusive anyway.
   */
  static final double COLLAPSE_ROUNDOFF_FRACTION = 1e-20;

  static int[] indicesWhere(boolean[] flags) {
    return java.util.stream.IntStream.range(0, flags.length).filter(i -> flags[i]).toArray();
  }

  /**
   * Assembles a Prediction from a balanced factorisation: theory-derived norms come from the modes
   * (‖w_k‖² = Σ_i A_i² u_i[k]², ‖h̄_k‖² = Σ_i g_i² v_i[k]²/n_k), Gram and logit matrices from the
   * constructed point.
   */
  static Prediction fromFactorization(String family, Setting s, BalancedFactorization f,
      double optimalValue, double[] bias, double[] margins, boolean atThreshold,
      double valueErrorBound, boolean candidate) {
    int k = s.K();
    double[] x = f.parameters(bias);
    double[] wn = new double[k];
    double[] hn = new double[k];
    for (int i = 0; i < f.z.length; i++) {
      double a = f.productScale(i);
      double g = f.featureScale[i];
      for (int c = 0; c < k; c++) {
        wn[c] += a * a * f.u[i][c] * f.u[i][c];
        hn[c] += g * g * f.v[i][c] * f.v[i][c] / s.count(c);
      }
    }
    double wMax = java.util.Arrays.stream(wn).max().orElse(0);
    double hMax = java.util.Arrays.stream(hn).max().orElse(0);
    boolean[] collapsed = new boolean[k];
    for (int c = 0; c < k; c++) {
      collapsed[c] = wn[c] <= COLLAPSE_ROUNDOFF_FRACTION * wMax
          && hn[c] <= COLLAPSE_ROUNDOFF_FRACTION * hMax;
    }
    PointGeometry g = PointGeometry.of(s, x);
    double[][] logits = g.logits();
    return new Prediction(family, s, optimalValue, indicesWhere(collapsed), wn, hn,
        margins != null ? margins : PointGeometry.margins(logits), g.wGram(),
        g.hGram(), f.alignment(), logits, bias, f.layerSingularValues(), x,
        atThreshold, valueErrorBound, candidate);
  }

  /**
   * The balanced simplex-ETF point W H̄ = ρP (margin ρ for every class; ρ = 0: everything zero),
   * factored with balanced layers, bias b = 0 if the setting has one; the families differ only in
   * the value G(ρ) they pass (CE, label smoothing, focal loss).
   */
  static Prediction balancedEtf(String family, Setting s, double rho, double value,
      boolean atThreshold, double valueErrorBound, boolean candidate) {
    int k = s.K();
    double[][] basis = rho > 0 ? centredBasis(k) : new double[0][];
    double[] z = new double[basis.length];
    java.util.Arrays.fill(z, Math.sqrt(s.count(0)) * rho);
    BalancedFactorization f = new BalancedFactorization(s, basis, basis, z);
    double[] margins = new double[k];
    java.util.Arrays.fill(margins, rho);
    double[] b = s.hasBias() ? new double[k] : null;
    return fromFactorization(family, s, f, value, b, margins, atThreshold, valueErrorBound,
        candidate);
  }

  /** Orthonormal basis of 1^⊥ in R^K (Helmert): K−1 rows. */
  static double[][] centredBasis(int k) {
    double[][] b = new double[k - 1][k];
    for (int j = 1; j < k; j++) {
      double norm = Math.sqrt(j * (j + 1.0));
      for (int i = 0; i < j; i++) {
        b[j - 1][i] = 1 / norm;
      }
      b[j - 1][j] = -j / norm;
    }
    return b;
  }
}
