package ncverify.theory;

import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.problem.Setting;

/**
 * P1, MSE, deep linear (any M, per-layer λ's), bias-free, free features, balanced or imbalanced
 * (THEORY §3.3–3.4, §4 "P1-MSE-imbalanced" and "P1-MSE-balanced-bias-free").
 *
 * <p>Derivation used: NC1 gives H = H̄Y and ‖WH − Y‖² = ‖Z − D^{1/2}‖² with Z = W H̄ D^{1/2};
 * the balanced-factorisation bound turns the penalty into c_M Σ σ_i(Z)^{2/(M+1)}; von Neumann makes
 * Z diagonal, so class k solves {@link MseScalarProblem} with σ = √n_k. Class k's mean lies along
 * e_k; w_k along e_k of the product. Global selection per class includes the collapsed point.
 */
public final class MseBiasFreeTheory implements Theory {
  public MseBiasFreeTheory() {}

  @Override
  public String family() {
    return "p1-mse-bias-free";
  }

  /** Balanced counts are P1's balanced family, imbalanced ones the imbalanced family (same mathematics). */
  @Override
  public String family(Setting s) {
    return s.balanced() ? "p1-mse-balanced-bias-free" : "p1-mse-imbalanced-deep";
  }

  @Override
  public boolean covers(Setting s) {
    return s.loss() == Loss.MSE && s.bias() == Bias.NONE && s.features() == Features.FREE
        && Families.positiveRegularisers(s) && s.rank() >= s.K();
  }

  /** The scalar problem of class k. */
  public static MseScalarProblem classProblem(Setting s, int k) {
    return new MseScalarProblem(s.depth(), Math.sqrt(s.count(k)), s.N(), MseScalarProblem.cM(s));
  }

  @Override
  public Prediction predict(Setting s) {
    return predictSelected(s, family(s));
  }

  /**
   * The prediction for any rank r = min widths (issue 13, narrow features): the per-class scalar
   * problems are solved, and only the r classes with the largest gain σ_k²/(2N) − φ*_k stay live
   * (see {@link #selectBestServed}). For r ≥ K this is P1's prediction.
   */
  static Prediction predictSelected(Setting s, String family) {
    int k = s.K();
    ScalarMinimizer.Result[] results = new ScalarMinimizer.Result[k];
    double[] gains = new double[k];
    for (int c = 0; c < k; c++) {
      MseScalarProblem p = classProblem(s, c);
      results[c] = p.solve();
      gains[c] = p.valueAtU(0) - results[c].value();
    }
    boolean[] keep = new boolean[k];
    boolean tie = selectBestServed(gains, s.rank(), keep);
    double[] uChoice = new double[k];
    for (int c = 0; c < k; c++) {
      uChoice[c] = keep[c] ? results[c].argmin() : 0;
    }
    Prediction p = new MseBiasFreeTheory().build(s, uChoice, results);
    return new Prediction(family, s, p.optimalValue(), p.collapsed(), p.wNormSq(), p.hNormSq(),
        p.margins(), p.wGram(), p.hGram(), p.alignment(), p.logits(), p.bias(),
        p.layerSingularValues(), p.minimiser(), p.atThreshold() || tie, p.valueErrorBound(),
        p.isCandidate());
  }

  /**
   * Marks in {@code keep} the (at most) {@code rank} modes with the largest positive gain (ties
   * broken by index) and returns whether the cut fell between two equal gains (then another
   * selection is an equally good minimiser). Why the largest gains: by Mirsky's inequality
   * ‖Z − T‖² ≥ Σ_i (z_i − σ_i)² + Σ_{i>r} σ_i² for rank(Z) ≤ r (both sorted decreasingly), so
   * f ≥ Σ_{i≤r} φ*(σ_i) + Σ_{i>r} σ_i²/(2N) = Σ_all σ²/(2N) − Σ_{i≤r} gain_i; the gain is
   * non-decreasing in σ (proofs/mse-narrow-features.m), and the bound is attained by keeping those
   * modes.
   */
  static boolean selectBestServed(double[] gains, int rank, boolean[] keep) {
    Integer[] order = java.util.stream.IntStream.range(0, gains.length).boxed()
        .sorted((a, b) -> gains[a] != gains[b] ? Double.compare(gains[b], gains[a]) : Integer.compare(a, b))
        .toArray(Integer[]::new);
    for (int i = 0; i < order.length && i < rank; i++) {
      keep[order[i]] = gains[order[i]] > 0;
    }
    if (rank >= order.length || rank == 0) {
      return false;
    }
    double last = gains[order[rank - 1]];
    double next = gains[order[rank]];
    return next > 0 && last - next <= ScalarMinimizer.TIE_RELATIVE_TOLERANCE * Math.max(1, Math.abs(last));
  }

  /**
   * The point built from chosen per-class u's (z_k = u_k^{M+1}); used by {@link #predict} with the
   * global choices and by negative controls with other (e.g. largest-root) choices.
   */
  public Prediction build(Setting s, double[] uChoice, ScalarMinimizer.Result[] results) {
    int k = s.K();
    int depth = s.depth();
    int modes = (int) java.util.Arrays.stream(uChoice).filter(u -> u > 0).count();
    double[][] u = new double[modes][k];
    double[] z = new double[modes];
    double value = 0;
    boolean atThreshold = false;
    int i = 0;
    for (int c = 0; c < k; c++) {
      MseScalarProblem p = classProblem(s, c);
      value += p.valueAtU(uChoice[c]);
      atThreshold |= results != null && results[c].atThreshold();
      if (uChoice[c] > 0) {
        u[i][c] = 1;
        z[i] = Math.pow(uChoice[c], depth + 1);
        i++;
      }
    }
    BalancedFactorization f = new BalancedFactorization(s, u, u, z);
    return Families.fromFactorization(family(s), s, f, value, null, null, atThreshold, 0, false);
  }
}
