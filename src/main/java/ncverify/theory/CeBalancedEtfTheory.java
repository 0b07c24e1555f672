package ncverify.theory;

import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.problem.Setting;
import org.apache.commons.math3.analysis.solvers.BrentSolver;

/**
 * P1, CE, balanced (n_k = n), deep linear (any M), free features, bias none or free: the simplex-ETF
 * candidate W H̄ = ρ P (THEORY §4 "P1-CE-balanced").
 *
 * <p>Derivation used: on the ETF, every class's loss is CE(ρ P e_k, k) = log(1 + (K−1)e^{−ρ}) and
 * Z = W H̄ D^{1/2} = √n ρ P has K−1 singular values √n ρ, so the balanced penalty is
 * (K−1) c_M (√n ρ)^{2/(M+1)} = (K−1) c'_M ρ^{2/(M+1)}:
 * G(ρ) = log(1 + (K−1)e^{−ρ}) + (K−1) c'_M ρ^{2/(M+1)}, c'_M = ((M+1)/2)(n λ_H Π_m λ_m)^{1/(M+1)}.
 * G'(ρ) = 0 ⇔ r(ρ) := ρ^{α}/(e^ρ + K − 1) = 2c'_M/(M+1) with α = (M−1)/(M+1); log r has the
 * decreasing derivative α/ρ − e^ρ/(e^ρ+K−1), so r is unimodal and there are at most two critical
 * points; all are found and compared with ρ = 0 (G(0) = log K).
 *
 * <p>Bias: with bias=free the same ETF with b = 0 is predicted; CE is invariant under b → b + c1 and
 * on the ETF ∂f/∂b = (1/K)Σ_k(softmax(ρPe_k) − e_k) = 0. For M = 1 the problem in (Z, b) is convex
 * and class-permutation symmetric, so averaging an optimum over permutations gives an optimum with
 * b ∈ span(1): the bias does not lower f*. For M ≥ 2 that argument does not apply; the bias does not
 * change the candidate, which remains a candidate.
 *
 * <p>Width: the ETF logits ρP have rank K−1, so rank = min widths ≥ K−1 suffices with or without
 * bias (issue 13, item 3; Zhu et al. 2021 state d ≥ K−1). Why nothing better needs rank K: CE is
 * invariant under adding a multiple of 1 to a logit column, so replacing the classifier W by PW
 * (P = I − 11ᵀ/K) keeps the loss and does not increase any singular value of any penalised
 * factor product, hence an optimum with logits in 1^⊥ (rank ≤ K−1) always exists.
 *
 * <p>Global optimality: a theorem for M = 1 (Zhu et al.), a CANDIDATE for M ≥ 2 (non-convex
 * Schatten quasi-norm penalty favouring low rank) — {@link Prediction#isCandidate()}.
 */
public final class CeBalancedEtfTheory implements Theory {
  @Override
  public String family() {
    return DEEP;
  }

  /** P1's deep family (M ≥ 2); its claim, {@code p1-ce-balanced-deep}, refuses M = 1. */
  public static final String DEEP = "p1-ce-balanced-deep";

  /** The M = 1 case: Zhu et al. 2021, Theorem 3.1 (a theorem, claim {@code zhu-ce-balanced-ufm}). */
  public static final String SHALLOW = "zhu-ce-balanced-ufm";

  /**
   * M = 1 is Zhu et al.'s balanced CE UFM, M ≥ 2 P1's deep candidate: the same mathematics, but the
   * label names the family (and claim) whose statement covers the setting, so {@code predict} never
   * calls an M = 1 setting by the name of a claim that refuses M = 1.
   */
  @Override
  public String family(Setting s) {
    return s.depth() == 1 ? SHALLOW : DEEP;
  }

  @Override
  public boolean covers(Setting s) {
    return s.loss() == Loss.CE && s.features() == Features.FREE && s.balanced()
        && (s.bias() == Bias.NONE || s.bias() == Bias.FREE) && Families.positiveRegularisers(s)
        && s.rank() >= s.K() - 1;
  }

  /** c'_M = ((M+1)/2)(n λ_H Π λ_m)^{1/(M+1)}. */
  public static double cPrime(Setting s) {
    int m = s.depth();
    return 0.5 * (m + 1) * Math.pow(s.count(0) * s.lambdaH() * s.lambdaWProduct(), 1.0 / (m + 1));
  }

  /** G(ρ). */
  public static double g(Setting s, double rho) {
    int k = s.K();
    int m = s.depth();
    return Math.log1p((k - 1) * Math.exp(-rho)) + (k - 1) * cPrime(s) * Math.pow(rho, 2.0 / (m + 1));
  }

  /** All positive critical points of G. */
  public static double[] criticalPoints(Setting s) {
    int k = s.K();
    int m = s.depth();
    double alpha = (m - 1.0) / (m + 1.0);
    double level = 2 * cPrime(s) / (m + 1);
    java.util.function.DoubleUnaryOperator r = rho -> Math.exp(alpha * Math.log(rho) - logExpPlus(rho, k - 1));
    double peak = 0;
    if (m > 1) {
      BrentSolver solver = new BrentSolver(1e-300, 1e-15, 1e-300);
      // α/ρ − e^ρ/(e^ρ+K−1) is +∞ at 0+ and ≤ 1/K − 1/K = 0 at ρ = αK.
      peak = solver.solve(10_000, rho -> alpha / rho - 1 / (1 + (k - 1) * Math.exp(-rho)), 1e-200, alpha * k);
    }
    double hi = Math.max(1, 2 * peak);
    while (r.applyAsDouble(hi) >= level) {
      hi *= 2;
    }
    java.util.function.DoubleUnaryOperator rAt0 = rho -> rho == 0 ? (m == 1 ? 1.0 / k : 0.0) : r.applyAsDouble(rho);
    return ScalarMinimizer.levelCrossingsOfUnimodal(rAt0, level, 0, peak, hi);
  }

  /** log(e^ρ + a), stable for large ρ. */
  private static double logExpPlus(double rho, double a) {
    return rho + Math.log1p(a * Math.exp(-rho));
  }

  /** Global selection of ρ among 0 and the critical points of G. */
  public static ScalarMinimizer.Result solve(Setting s) {
    return ScalarMinimizer.selectGlobal(rho -> g(s, rho), criticalPoints(s));
  }

  @Override
  public Prediction predict(Setting s) {
    ScalarMinimizer.Result r = solve(s);
    Prediction p = build(s, r.argmin(), r.atThreshold());
    if (!r.atThreshold()) {
      return p;
    }
    // At the tie the collapsed point (chosen) and the ETF with the tied non-zero ρ are both global.
    double live = r.candidates().stream().filter(c -> c.point() > 0)
        .min(java.util.Comparator.comparingDouble(ScalarMinimizer.Candidate::value))
        .map(ScalarMinimizer.Candidate::point).orElse(0.0);
    return live > 0 ? p.withTied(java.util.List.of(build(s, live, true))) : p;
  }

  /** The ETF point with a given ρ (ρ = 0: everything zero). */
  public Prediction build(Setting s, double rho, boolean atThreshold) {
    return Families.balancedEtf(family(s), s, rho, g(s, rho), atThreshold, 0, s.depth() >= 2);
  }
}
