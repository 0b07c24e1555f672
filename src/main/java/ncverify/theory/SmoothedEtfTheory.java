package ncverify.theory;

import java.util.function.DoubleUnaryOperator;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.problem.Setting;
import org.apache.commons.math3.analysis.solvers.BrentSolver;

/**
 * Label smoothing and focal loss on the plain UFM (M = 1), balanced (n_k = n), free features:
 * the simplex ETF W H̄ = ρ* P with W = √(nλ_H/λ_W) H̄ᵀ (Zhou et al. 2022, arXiv 2210.02192,
 * Theorem 3.1: for balanced data the global minimisers under LS and FL are neural-collapse
 * solutions); this class derives the scale ρ* (proofs/zhou-ls-balanced-ufm.m,
 * proofs/zhou-focal-balanced-ufm.m).
 *
 * <p><b>Scalar reduction</b> (as {@link CeBalancedEtfTheory} at M = 1): on the ETF every sample's
 * logits differ by the margin ρ (z_y − z_j = ρ), and the cheapest factorisation of the logits ρP
 * (nuclear norm (K−1)ρ) costs (K−1)sρ with s = √(nλ_Wλ_H), so f = G(ρ) = φ(ρ) + (K−1)sρ with φ
 * the per-sample loss at margin ρ. With e = (K−1)e^{−ρ}, t = log(1 + e) = −log p_y and
 * u = 1 − p_y = e/(1 + e):
 * <ul>
 *   <li>LS(α): φ = t + α(K−1)ρ/K (ℓ = CE + α(z_y − z̄)), G convex, G'(ρ) = 0 ⇔ 1/(e^ρ + K − 1) =
 *       s + α/K: <b>ρ* = log(1/(s + α/K) − (K−1))</b> when Ks + α < 1, else ρ* = 0 (all collapsed).
 *       Threshold s = (1 − α)/K, i.e. K√(nλ_Wλ_H) = 1 − α; α = 0 is Zhu et al.'s CE scale.</li>
 *   <li>FL(γ): φ = u^γ t, −φ'(ρ) = ψ(u) = u^γ(u + γ(1 − u)t); G'(ρ) = 0 ⇔ ψ(u) = (K−1)s, no closed
 *       form. dψ/du = u^{γ−1}χ(u) with χ(u) = (2γ+1)u + γt(γ − (γ+1)u) concave, χ(0) = 0, χ'(0) > 0,
 *       χ(1−) = −∞: ψ is unimodal in u (peak u_p), so G has at most two critical points, each
 *       bracketed and solved by Brent's method (Commons Math) to round-off; the global one is
 *       selected against ρ = 0 ({@link ScalarMinimizer#selectGlobal}). G''(ρ) = u^γ(1−u)χ(u) > 0
 *       at the selected root (second-order condition, checked). While u_max = (K−1)/K ≤ u_p, G is
 *       convex and collapse starts at s = ψ(u_max)/(K−1); beyond (large K), G is concave near 0
 *       and the exact threshold is s_c = sup_ρ (φ(0) − φ(ρ))/((K−1)ρ), attained at the unique
 *       root ρ_c > ρ_p of φ(ρ) − φ(0) + ψρ = 0: there the scale jumps from ρ_c to 0.</li>
 * </ul>
 *
 * <p>Width: ρP has rank K−1 and both losses are invariant under z → z + c1, so (as for CE) rank
 * ≥ K−1 suffices. Bias: LS with a free bias predicts the same ETF with b = 0 (for M = 1 the problem
 * in (Z, b) is convex and permutation symmetric, so some optimum has b ∈ span(1), which the loss
 * ignores); the focal loss is not convex in the logits, so its bias-free case only.
 */
public final class SmoothedEtfTheory implements Theory {
  /** Which smoothed loss. */
  public enum Kind { LS, FOCAL }

  /**
   * Relative half-width of the bracket [ρ̂(1 − ε), ρ̂(1 + ε)] in which G' must change sign for the
   * focal scale to count as solved; widened ×10 up to {@link #MAX_BRACKET} if round-off in G'
   * (~1e-16 relative of (K−1)s) hides the sign change at 1e-13. Reason: a certified bracket, not a
   * trusted solver stopping rule.
   */
  static final double MIN_BRACKET = 1e-13;
  /** Largest bracket accepted; a wider one means the root is not resolved (an internal error). */
  static final double MAX_BRACKET = 1e-8;

  private final Kind kind;

  public SmoothedEtfTheory(Kind kind) {
    this.kind = kind;
  }

  @Override
  public String family() {
    return kind == Kind.LS ? "zhou-ls-balanced-ufm" : "zhou-focal-balanced-ufm";
  }

  @Override
  public boolean covers(Setting s) {
    boolean loss = kind == Kind.LS ? s.loss() instanceof Loss.LabelSmoothing
        : s.loss() instanceof Loss.Focal;
    boolean bias = s.bias() == Bias.NONE || kind == Kind.LS && s.bias() == Bias.FREE;
    return loss && bias && s.features() == Features.FREE && s.balanced() && s.depth() == 1
        && Families.positiveRegularisers(s) && s.rank() >= s.K() - 1;
  }

  /** s = √(nλ_Wλ_H) (M = 1). */
  public static double s(Setting s) {
    return Math.sqrt(s.count(0) * s.lambdaW(1) * s.lambdaH());
  }

  /** The per-sample loss φ(ρ) on the ETF at margin ρ ≥ 0. */
  public static double phi(Loss loss, int k, double rho) {
    double e = (k - 1) * Math.exp(-rho);
    double t = Math.log1p(e);
    if (loss instanceof Loss.LabelSmoothing ls) {
      return t + ls.alpha() * (k - 1) * rho / k;
    }
    double gamma = ((Loss.Focal) loss).gamma();
    return Math.pow(e / (1 + e), gamma) * t;
  }

  /** G(ρ) = φ(ρ) + (K−1)sρ, the objective on the ETF at margin ρ. */
  public static double g(Setting s, double rho) {
    return phi(s.loss(), s.K(), rho) + (s.K() - 1) * s(s) * rho;
  }

  /** ψ = −φ'(ρ) for the focal loss: u^γ(u + γ(1 − u)t). */
  static double psi(double gamma, int k, double rho) {
    double e = (k - 1) * Math.exp(-rho);
    double u = e / (1 + e);
    return Math.pow(u, gamma) * (u + gamma * Math.log1p(e) / (1 + e));
  }

  /** G''(ρ) for the focal loss: u^γ(1 − u)χ(u), χ(u) = (2γ+1)u + γt(γ − (γ+1)u). */
  public static double focalSecondDerivative(double gamma, int k, double rho) {
    double e = (k - 1) * Math.exp(-rho);
    double u = e / (1 + e);
    return Math.pow(u, gamma) / (1 + e) * chi(gamma, u, Math.log1p(e));
  }

  private static double chi(double gamma, double u, double t) {
    return (2 * gamma + 1) * u + gamma * t * (gamma - (gamma + 1) * u);
  }

  /**
   * The margin where ψ(ρ) peaks (ψ increases on [0, ρ_p], decreases after), 0 when ψ decreases
   * from ρ = 0 on (u_p ≥ (K−1)/K, always for γ = 0). u_p is the root of χ on (γ/(γ+1), 1).
   */
  static double focalPeak(double gamma, int k) {
    if (gamma == 0) {
      return 0;
    }
    BrentSolver solver = new BrentSolver(1e-300, 1e-16, 1e-300);
    // χ > 0 at u = γ/(γ+1) (both terms ≥ 0, the first > 0); χ → −∞ as u → 1.
    double lo = gamma / (gamma + 1);
    double hi = lo;
    do {
      hi = 1 - (1 - hi) / 2;
    } while (chi(gamma, hi, -Math.log1p(-hi)) > 0);
    double up = solver.solve(10_000, u -> chi(gamma, u, -Math.log1p(-u)), lo, hi);
    double rho = Math.log((k - 1) * (1 - up) / up);
    return Math.max(0, rho);
  }

  /** The scale, its certified bracket and the second derivative there. */
  public record Scale(double rho, double bracketLo, double bracketHi, double secondDerivative,
      ScalarMinimizer.Result selection) {}

  /** The global scale ρ* for the setting's loss (LS closed form; focal by bracketing). */
  public static Scale solve(Setting s) {
    int k = s.K();
    double level = (k - 1) * s(s);
    if (s.loss() instanceof Loss.LabelSmoothing ls) {
      double c = s(s) + ls.alpha() / k;
      double rho = k * s(s) + ls.alpha() < 1 ? Math.log(1 / c - (k - 1)) : 0.0;
      ScalarMinimizer.Result r = ScalarMinimizer.selectGlobal(x -> g(s, x),
          rho > 0 ? new double[] {rho} : new double[0]);
      double e = (k - 1) * Math.exp(-rho);
      return new Scale(r.argmin(), r.argmin(), r.argmin(), e / ((1 + e) * (1 + e)), r);
    }
    double gamma = ((Loss.Focal) s.loss()).gamma();
    DoubleUnaryOperator q = rho -> psi(gamma, k, rho);
    double peak = focalPeak(gamma, k);
    double hi = Math.max(1, 2 * peak);
    while (q.applyAsDouble(hi) >= level) {
      hi *= 2;
    }
    double[] roots = ScalarMinimizer.levelCrossingsOfUnimodal(q, level, 0, peak, hi);
    ScalarMinimizer.Result r = ScalarMinimizer.selectGlobal(x -> g(s, x), roots);
    double rho = r.argmin();
    if (rho == 0) {
      return new Scale(0, 0, 0, Double.NaN, r);
    }
    DoubleUnaryOperator gPrime = x -> level - q.applyAsDouble(x);
    for (double eps = MIN_BRACKET; eps <= MAX_BRACKET; eps *= 10) {
      double lo = rho * (1 - eps);
      double up = rho * (1 + eps);
      if (gPrime.applyAsDouble(lo) <= 0 && gPrime.applyAsDouble(up) >= 0) {
        return new Scale(rho, lo, up, focalSecondDerivative(gamma, k, rho), r);
      }
    }
    throw new IllegalStateException("focal scale not bracketed within " + MAX_BRACKET
        + " relative at " + s);
  }

  /**
   * The exact collapse threshold on s = √(nλ_Wλ_H): for s below it ρ* > 0, at and above it the
   * collapsed point W = H = 0 is a global minimiser. LS: (1 − α)/K; focal: sup_ρ (φ(0) −
   * φ(ρ))/((K−1)ρ) (see the class comment).
   */
  public static double collapseThreshold(Loss loss, int k) {
    if (loss instanceof Loss.LabelSmoothing ls) {
      return (1 - ls.alpha()) / k;
    }
    double gamma = ((Loss.Focal) loss).gamma();
    double peak = focalPeak(gamma, k);
    if (peak == 0) {
      return psi(gamma, k, 0) / (k - 1);
    }
    double phi0 = phi(loss, k, 0);
    DoubleUnaryOperator chord = rho -> phi(loss, k, rho) - phi0 + psi(gamma, k, rho) * rho;
    double hi = 2 * peak;
    while (chord.applyAsDouble(hi) >= 0) {
      hi *= 2;
    }
    BrentSolver solver = new BrentSolver(1e-300, 1e-15 * hi, 1e-300);
    double rhoC = solver.solve(10_000, chord::applyAsDouble, peak, hi);
    return psi(gamma, k, rhoC) / (k - 1);
  }

  @Override
  public Prediction predict(Setting s) {
    Scale scale = solve(s);
    // |G(ρ̂) − G(ρ*)| ≤ ½·G''·width² over the certified bracket (G' = 0 inside it)
    double width = scale.bracketHi() - scale.bracketLo();
    double bound = scale.rho() > 0 ? 0.5 * Math.abs(scale.secondDerivative()) * width * width : 0;
    return build(s, scale.rho(), scale.selection().atThreshold(), bound);
  }

  /**
   * The ETF point with a given margin ρ (ρ = 0: everything zero) and its value G(ρ); also for
   * negative controls (another loss's scale on this setting).
   */
  public Prediction build(Setting s, double rho, boolean atThreshold, double valueErrorBound) {
    return Families.balancedEtf(family(), s, rho, g(s, rho), atThreshold, valueErrorBound, false);
  }
}
