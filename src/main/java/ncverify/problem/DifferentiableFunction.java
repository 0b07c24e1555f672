package ncverify.problem;

/**
 * A smooth function on R^n with its analytic gradient, optionally constrained to x_i ≥ 0 on one
 * contiguous range of coordinates (non-negative features). Optimisers see only this interface.
 */
public interface DifferentiableFunction {

  int dimension();

  /** Returns f(x) and writes ∇f(x) into {@code gradient} (length {@link #dimension()}). */
  double valueAndGradient(double[] x, double[] gradient);

  /** f(x) alone. */
  default double value(double[] x) {
    return valueAndGradient(x, new double[dimension()]);
  }

  /**
   * Coordinates [from, to) constrained to be ≥ 0, or null if unconstrained. The feasible set is
   * then a box, and certificates use the projected-gradient (KKT) residual.
   */
  default int[] nonnegativeRange() {
    return null;
  }
}
