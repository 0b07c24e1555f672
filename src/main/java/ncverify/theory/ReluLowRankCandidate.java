package ncverify.theory;

import java.util.Arrays;
import java.util.OptionalInt;
import ncverify.problem.Layout;
import ncverify.problem.Setting;

/**
 * A low-rank competitor of deep neural collapse (DNC) in the ReLU deep unconstrained features
 * model (activation=relu, MSE, no bias, free features, balanced): the "triangular-graph" point,
 * this suite's own explicit instance of the low-rank solutions of Súkeník, Lampert &amp; Mondelli
 * (arXiv 2405.14468, NeurIPS 2024), whose abstract states that DNC stops being optimal beyond two
 * layers and two classes because of a low-rank bias. The paper's own construction (a
 * strongly-regular-graph solution) could not be read from the sources the suite reaches; this
 * one is derived here (proofs/sukenik-relu-lowrank-beats-dnc.m).
 *
 * <p><b>Construction.</b> K = C(r, 2) classes are the pairs {i, j} of r ≥ 4 indices; Q (r × K)
 * is the incidence matrix, column {i, j} = e_i + e_j (rank r, non-negative). Then
 * (Qᵀ − ½ 1 1ᵀ) Q = QᵀQ − J_K has entries 1 on the diagonal, 0 for two pairs sharing an index
 * and −1 for disjoint pairs, so its ReLU is exactly I_K: the ReLU before the last layer turns a
 * rank-r representation into DNC's orthogonal frame. The point, with positive scales x_0 … x_M:
 * <pre>
 *   H̄ = x_0 Q (rows 1..r),  W_m = x_m I_r (m = 1 … M−2),  W_{M−1} = x_{M−1}(Qᵀ − ½J) (K × r),
 *   W_M = x_M I_K,           output of class k = (Π x_i) e_k =: t e_k,
 * </pre>
 * every other entry 0. All representations before W_{M−1} are non-negative multiples of Q (each
 * ReLU acts as the identity there), so the objective is ½(1 − t)² + Σ_i c_i x_i² with
 * c_0 = nλ_H·2K/2 (‖Q‖_F² = 2K), c_m = λ_m r/2, c_{M−1} = λ_{M−1}·(Kr/4)/2 (each row of
 * Qᵀ − ½J has squared norm r/4), c_M = λ_M K/2. By AM–GM the balanced scales give
 * ½(1 − t)² + (M+1)(Π c_i)^{1/(M+1)} t^{2/(M+1)}: DNC's scalar problem (every factor with
 * c_i = λ_i K/2, {@link ReluDncTheory}) with Π c_i multiplied by
 * <pre>  ρ = r^{M−1} / (2 K^{M−2})   (independent of every λ).</pre>
 * So the candidate is strictly below DNC exactly where ρ &lt; 1 and DNC's scale is non-zero (the
 * same scalar problem with a smaller penalty coefficient): for r = 4 (K = 6) and r = 5 (K = 10)
 * from M = 4 on; never for M ≤ 3 (ρ = r/2 at M = 2, r/(r − 1) at M = 3).
 *
 * <p>It is a structured START, polished by the certifying optimiser (the point has pre-activations
 * exactly at the ReLU's kink and need not be stationary); polishing only lowers it.
 */
public final class ReluLowRankCandidate {
  private ReluLowRankCandidate() {}

  /** Smallest index count r: r = 3 gives K = 3 = r (no rank saving). */
  public static final int MIN_INDICES = 4;

  /** r with C(r, 2) = k and r ≥ {@link #MIN_INDICES}, or empty. */
  public static OptionalInt indices(int k) {
    for (int r = MIN_INDICES; r * (r - 1) / 2 <= k; r++) {
      if (r * (r - 1) / 2 == k) {
        return OptionalInt.of(r);
      }
    }
    return OptionalInt.empty();
  }

  /**
   * Whether the construction fits: {@link ReluDncTheory} covers s (ReLU, MSE, no bias, free
   * features, balanced, positive λ's, d and widths ≥ K), M ≥ 2 and K = C(r, 2) with r ≥ 4.
   */
  public static boolean covers(Setting s) {
    return new ReluDncTheory().covers(s) && s.depth() >= 2 && indices(s.K()).isPresent();
  }

  /** ρ = r^{M−1} / (2 K^{M−2}): the candidate's penalty-coefficient product over DNC's. */
  public static double coefficientRatio(Setting s) {
    int r = indices(s.K()).orElseThrow(() -> new IllegalArgumentException("K is not C(r,2), r >= 4"));
    int m = s.depth();
    return Math.pow(r, m - 1) / (2 * Math.pow(s.K(), m - 2));
  }

  /**
   * The candidate's scalar problem: {@link MseScalarProblem} (σ = √n, N = nK) with DNC's c_M
   * times ρ^{1/(M+1)}; the candidate's objective is K times its minimum.
   */
  static MseScalarProblem scalarProblem(Setting s) {
    double c = MseScalarProblem.cM(s) * Math.pow(coefficientRatio(s), 1.0 / (s.depth() + 1));
    return new MseScalarProblem(s.depth(), Math.sqrt(s.count(0)), s.N(), c);
  }

  /**
   * The explicit point and its value (the scalar reduction; the collapsed origin when that is
   * lower).
   */
  public static StructuredStarts.Point point(Setting s) {
    if (!covers(s)) {
      throw new IllegalArgumentException("the triangular-graph candidate needs a ReLU head covered "
          + "by DNC with K = C(r,2), r >= 4: " + s);
    }
    int k = s.K();
    int r = indices(k).getAsInt();
    int depth = s.depth();
    int n = s.count(0);
    MseScalarProblem problem = scalarProblem(s);
    ScalarMinimizer.Result result = problem.solve();
    double t = Math.pow(result.argmin(), depth + 1) / Math.sqrt(n); // output scale per class
    double[] c = new double[depth + 1];
    c[0] = n * s.lambdaH() * k;
    for (int m = 1; m <= depth - 2; m++) {
      c[m] = s.lambdaW(m) * r / 2.0;
    }
    c[depth - 1] = s.lambdaW(depth - 1) * k * r / 8.0;
    c[depth] = s.lambdaW(depth) * k / 2.0;
    double logProduct = Arrays.stream(c).map(Math::log).sum();
    // Balanced scales: every c_i x_i² equals (Π c)^{1/(M+1)} t^{2/(M+1)}.
    double level = t == 0 ? 0 : Math.exp((logProduct + 2 * Math.log(t)) / (depth + 1));
    double[] x = Arrays.stream(c).map(ci -> Math.sqrt(level / ci)).toArray();
    double[][] q = incidence(r);
    Layout layout = new Layout(s);
    double[] point = new double[layout.size()];
    double[][] h = new double[s.d()][s.N()];
    int[] labels = s.labels();
    for (int i = 0; i < s.N(); i++) {
      for (int a = 0; a < r; a++) {
        h[a][i] = x[0] * q[a][labels[i]];
      }
    }
    layout.setH(point, h);
    for (int m = 1; m <= depth - 2; m++) {
      double[][] w = new double[s.layerOut(m)][s.layerIn(m)];
      for (int a = 0; a < r; a++) {
        w[a][a] = x[m];
      }
      layout.setW(point, m, w);
    }
    double[][] shift = new double[s.layerOut(depth - 1)][s.layerIn(depth - 1)];
    for (int row = 0; row < k; row++) {
      for (int a = 0; a < r; a++) {
        shift[row][a] = x[depth - 1] * (q[a][row] - 0.5);
      }
    }
    layout.setW(point, depth - 1, shift);
    double[][] last = new double[k][s.layerIn(depth)];
    for (int row = 0; row < k; row++) {
      last[row][row] = x[depth];
    }
    layout.setW(point, depth, last);
    String origin = "triangular-graph low-rank point (K = C(" + r + ",2), rank " + r
        + " before the last ReLU, rho = " + String.format(java.util.Locale.ROOT, "%.4g", coefficientRatio(s))
        + ", output scale " + String.format(java.util.Locale.ROOT, "%.6g", t) + ")";
    return new StructuredStarts.Point(origin, point, k * result.value());
  }

  /** Q (r × C(r,2)): column of pair {i, j} (lexicographic order) is e_i + e_j. */
  static double[][] incidence(int r) {
    int k = r * (r - 1) / 2;
    double[][] q = new double[r][k];
    int col = 0;
    for (int i = 0; i < r; i++) {
      for (int j = i + 1; j < r; j++) {
        q[i][col] = 1;
        q[j][col] = 1;
        col++;
      }
    }
    return q;
  }
}
