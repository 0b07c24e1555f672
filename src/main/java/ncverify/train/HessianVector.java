package ncverify.train;

import ncverify.problem.DifferentiableFunction;

/**
 * Hessian–vector products: exact where the function has them
 * ({@link DifferentiableFunction#hessianVector}: the deep linear MSE/CE objectives, by
 * forward-over-reverse differentiation), otherwise by central finite differences of the analytic
 * gradient:
 * <pre>  H v ≈ (∇f(x + εv̂) − ∇f(x − εv̂)) ‖v‖ / (2ε),   v̂ = v/‖v‖  </pre>
 * (two gradient evaluations per product). The differences are accurate enough for an inexact
 * Newton method, whose steps are only accepted on the true objective and whose stopping test is
 * the exact gradient ({@link Certificate}); exact products remove their ~1e-7 relative noise
 * (which bounds how small a curvature the Lanczos escape can trust) and cost less than two
 * gradients on the class-mean blocks.
 *
 * <p>Difference error: truncation ε²‖∇³f‖/6 plus rounding δ/ε, with δ ≈ 1e-13·max(1, |f|) the
 * absolute rounding error of a gradient entry. ε = {@link #RELATIVE_STEP}·max(1, ‖x‖) balances the
 * two for O(1) third derivatives (ε³ ≈ δ).
 */
public final class HessianVector {
  /** Cube root of the gradient's relative rounding error 1e-13 (see the class comment). */
  public static final double RELATIVE_STEP = 5e-5;

  private final DifferentiableFunction f;
  private final double[] plus;
  private final double[] minus;
  private final double[] gPlus;
  private final double[] gMinus;
  private final boolean exact;
  private int evaluations;
  private int exactProducts;

  /** Exact products where f has them, differences otherwise. */
  public HessianVector(DifferentiableFunction f) {
    this(f, true);
  }

  /** With {@code exact} false: always differences (bench's before/after, tests' reference). */
  public HessianVector(DifferentiableFunction f, boolean exact) {
    this.f = f;
    this.exact = exact;
    int n = f.dimension();
    plus = new double[n];
    minus = new double[n];
    gPlus = new double[n];
    gMinus = new double[n];
  }

  /** Writes H(x) v into {@code out} (length n); v = 0 gives 0. */
  public void apply(double[] x, double xNorm, double[] v, double[] out) {
    if (exact && f.hessianVector(x, v, out)) {
      exactProducts++;
      return;
    }
    double vNorm = Lbfgs.norm(v);
    if (vNorm == 0) {
      java.util.Arrays.fill(out, 0.0);
      return;
    }
    double eps = RELATIVE_STEP * Math.max(1.0, xNorm);
    double t = eps / vNorm;
    for (int i = 0; i < x.length; i++) {
      plus[i] = x[i] + t * v[i];
      minus[i] = x[i] - t * v[i];
    }
    f.valueAndGradient(plus, gPlus);
    f.valueAndGradient(minus, gMinus);
    evaluations += 2;
    double c = 1.0 / (2 * t);
    for (int i = 0; i < x.length; i++) {
      out[i] = (gPlus[i] - gMinus[i]) * c;
    }
  }

  /** Exact products computed so far. */
  public int exactProducts() {
    return exactProducts;
  }

  /** Gradient evaluations spent on differences so far. */
  public int evaluations() {
    return evaluations;
  }
}
