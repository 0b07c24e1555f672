package ncverify.train;

import ncverify.problem.DifferentiableFunction;

/**
 * The one definition of "how far from a critical point" used by every optimiser, test and claim.
 *
 * <p>The <b>certification residual</b> of f at x is
 * <pre>
 *   r(x) = ‖x − P(x − ∇f(x))‖₂ / max(1, |f(x)|)
 * </pre>
 * where P is the Euclidean projection onto the feasible set. Without constraints P is the identity
 * and the numerator is the plain gradient norm ‖∇f(x)‖₂. With non-negative coordinates
 * ({@link DifferentiableFunction#nonnegativeRange()}, e.g. H ≥ 0) P clips those coordinates at 0 and
 * the numerator is the natural (projected-gradient) residual: it is zero exactly at KKT points of
 * min f s.t. x_i ≥ 0 (for a coordinate at the bound it measures min(x_i, ∂_i f) , i.e. a positive
 * gradient at x_i = 0 costs nothing, a negative one does).
 *
 * <p>Why divide by max(1, |f|): the residual should not change when the objective is multiplied by a
 * constant c (a change of units of the loss), which ‖∇f‖/|f| achieves; but f can legitimately be 0
 * or tiny at an optimum (e.g. λ = 0, or everything collapsed), where a pure relative measure explodes,
 * so below |f| = 1 the measure becomes the absolute gradient norm. The objectives of this project are
 * bounded by f(0) = 1/2 (MSE) or log K (CE), so in practice this is the absolute norm, or the norm
 * relative to log K. A normalisation by ‖x‖ was rejected because x = 0 is a genuine (collapsed)
 * critical point for these problems.
 *
 * <p>What a small residual establishes: x is an approximate critical (KKT) point. It does not
 * establish global optimality; for the non-convex depths M ≥ 2 that needs restarts and comparison of
 * objective values (THEORY.md §7).
 */
public final class Certificate {
  private Certificate() {}

  /**
   * Default residual required to call a point certified. Double precision gradients of these
   * objectives carry rounding errors around 1e-13…1e-12 (sums of ~10⁵ products of O(1) terms times
   * machine epsilon 2.2e-16), so 1e-9 is three orders of magnitude above the rounding floor and
   * still far below anything an NC metric can see.
   */
  public static final double CERTIFIED = 1e-9;

  /**
   * An objective larger than this multiple of max(1, |f(x_0)|) counts as divergence. Our objectives
   * never exceed their starting value by this much on a converging trajectory (every optimiser here
   * is monotone or momentum-bounded), while a too-large learning rate grows geometrically and crosses
   * it within a few dozen iterations.
   */
  public static final double BLOW_UP_FACTOR = 1e8;

  /** r(x) as defined in the class comment; evaluates f and ∇f once. */
  public static double residual(DifferentiableFunction f, double[] x) {
    double[] g = new double[f.dimension()];
    double value = f.valueAndGradient(x, g);
    return residual(f.nonnegativeRange(), x, value, g);
  }

  /**
   * r(x) from an already computed value and gradient (optimisers use this to avoid a second
   * evaluation). {@code nonnegative} is {@link DifferentiableFunction#nonnegativeRange()}.
   */
  public static double residual(int[] nonnegative, double[] x, double value, double[] gradient) {
    return projectedGradientNorm(nonnegative, x, gradient) / Math.max(1.0, Math.abs(value));
  }

  /** The numerator ‖x − P(x − g)‖₂ (NaN if any entry is NaN). */
  public static double projectedGradientNorm(int[] nonnegative, double[] x, double[] g) {
    double acc = 0;
    int from = nonnegative == null ? 0 : nonnegative[0];
    int to = nonnegative == null ? 0 : nonnegative[1];
    for (int i = 0; i < x.length; i++) {
      double step = g[i];
      if (i >= from && i < to) {
        // x − max(0, x − g) = min(x, g) for feasible x
        step = x[i] - Math.max(0.0, x[i] - g[i]);
      }
      acc += step * step;
    }
    return Math.sqrt(acc);
  }

  /** Projects x onto the feasible set in place (clips the non-negative range at 0). */
  public static void project(int[] nonnegative, double[] x) {
    if (nonnegative == null) {
      return;
    }
    for (int i = nonnegative[0]; i < nonnegative[1]; i++) {
      if (x[i] < 0) {
        x[i] = 0;
      }
    }
  }

  /** True when the value or any gradient entry is NaN or infinite. */
  static boolean nonFinite(double value, double[] g) {
    if (!Double.isFinite(value)) {
      return true;
    }
    for (double v : g) {
      if (!Double.isFinite(v)) {
        return true;
      }
    }
    return false;
  }
}
