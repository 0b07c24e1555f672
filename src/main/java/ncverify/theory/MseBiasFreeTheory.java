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
        && Families.positiveRegularisers(s);
  }

  /** The scalar problem of class k. */
  public static MseScalarProblem classProblem(Setting s, int k) {
    return new MseScalarProblem(s.depth(), Math.sqrt(s.count(k)), s.N(), MseScalarProblem.cM(s));
  }

  @Override
  public Prediction predict(Setting s) {
    int k = s.K();
    ScalarMinimizer.Result[] results = new ScalarMinimizer.Result[k];
    double[] uChoice = new double[k];
    for (int c = 0; c < k; c++) {
      results[c] = classProblem(s, c).solve();
      uChoice[c] = results[c].argmin();
    }
    return build(s, uChoice, results);
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
