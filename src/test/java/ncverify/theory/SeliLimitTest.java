package ncverify.theory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ncverify.measure.Matrices;
import ncverify.problem.Setting;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 8: the vanishing-regularisation limit of the imbalanced CE UFM (M = 1, no bias)
 * is the SELI geometry of Thrampoulidis, Kini, Vakilian &amp; Behnia 2022 ("Imbalance trouble",
 * their main theorem, numbered Theorem 1 from memory (only the abstract, NeurIPS 2022 / arXiv
 * 2208.05512, was reachable to confirm it), with the regularisation-path argument). Derivation
 * (proofs/thrampoulidis-seli-limit.m): as μ = √(λ_Wλ_H) → 0 the direction of the optimal
 * Y = W H̄ D^{1/2} tends to the min-nuclear-norm point with all margins ≥ 1, whose class logits
 * are the simplex-encoded labels P (P = I − 11ᵀ/K), so Y → ∝ P D^{1/2} and, through the balanced
 * factorisation, W Wᵀ ∝ (Y Yᵀ)^{1/2} → ∝ (P D P)^{1/2}. Checked on the certified convex solution
 * ({@link CeLogitConvexTheory}) along a decreasing λ sequence: the distance of the normalised
 * classifier Gram to the normalised (PDP)^{1/2} falls at every step.
 */
class SeliLimitTest {
  private static final double[] LAMBDAS = {1e-2, 1e-3, 1e-4, 1e-5, 1e-6};
  /**
   * Normalised Frobenius distance reached at λ = 1e-6: the limit is approached like 1/log(1/λ),
   * measured 0.046 for n = 20,5,1; a wrong target stays at O(0.1–1).
   */
  private static final double CLOSE = 0.06;
  /** The wrong (ETF) target stays at least this far: 0.40 measured, the ETF–SELI distance. */
  private static final double WRONG_TARGET_FLOOR = 0.3;

  /** (P D P)^{1/2} for the setting's counts (the one definition: the agreement run's). */
  static double[][] seliGram(Setting s) {
    return ncverify.agreement.Agreement.seliGram(s);
  }

  private static double distance(double[][] a, double[][] b) {
    return Matrices.frobeniusNorm(Matrices.subtract(normalised(a), normalised(b)));
  }

  private static double[][] normalised(double[][] a) {
    return Matrices.scale(a, 1 / Matrices.frobeniusNorm(a));
  }

  private static double[] distances(String counts, double[][] target) {
    double[] out = new double[LAMBDAS.length];
    for (int i = 0; i < LAMBDAS.length; i++) {
      Setting s = Setting.parse("loss=ce bias=none features=free n=" + counts + " d=3 M=1 lambdaW="
          + LAMBDAS[i] + " lambdaH=" + LAMBDAS[i]);
      out[i] = distance(new CeLogitConvexTheory().predict(s).wGram(), target);
    }
    return out;
  }

  @Test
  void imbalancedClassifierGramApproachesSeli() {
    Setting s = Setting.parse("loss=ce bias=none features=free n=20,5,1 d=3 M=1 lambdaW=1 lambdaH=1");
    double[] d = distances("20,5,1", seliGram(s));
    for (int i = 1; i < d.length; i++) {
      assertTrue(d[i] < d[i - 1], "distance to SELI must fall along the lambda sequence: "
          + java.util.Arrays.toString(d));
    }
    // The approach is slow (the logits grow like log(1/λ)); measured: 0.156 at λ = 1e-2 down to
    // 0.046 at λ = 1e-6.
    assertTrue(d[d.length - 1] < CLOSE, java.util.Arrays.toString(d));
    // Negative control: the simplex ETF (the balanced answer) is not the imbalanced limit; the
    // distance to it stays near the ETF–SELI distance (~0.39 here), not falling towards 0.
    double[] etf = distances("20,5,1", Matrices.centring(3));
    assertTrue(etf[etf.length - 1] > WRONG_TARGET_FLOOR,
        "ETF " + java.util.Arrays.toString(etf) + " vs SELI " + java.util.Arrays.toString(d));
  }
}
