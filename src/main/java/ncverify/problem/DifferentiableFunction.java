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

  /**
   * One group of coordinates for the scale-free certificate ({@code ncverify.train.Certificate}):
   * coordinates [from, to) are one parameter matrix of the model.
   *
   * @param regulariser its weight-decay coefficient λ ≥ 0 (the penalty is (λ/2)‖x_B‖²)
   * @param dimensionless true when the block lives in the loss's own units and is not moved by the
   *     rescaling symmetry (a bias: logits are dimensionless); its gradient is then weighted by 1
   */
  record Block(int from, int to, double regulariser, boolean dimensionless) {}

  /**
   * The parameter blocks (disjoint, covering [0, dimension())), or null for a function without
   * this structure; the certificate then falls back to the plain gradient norm relative to
   * max(1, |f|) (only test functions do).
   */
  default java.util.List<Block> blocks() {
    return null;
  }

  /**
   * The model's parameters at the optimiser's coordinates x: x itself, or, for a function written
   * around an anchor ({@link AnchoredObjective}), the anchor plus x. Certificates take block norms
   * from it; optimisers report it as their point.
   */
  default double[] point(double[] x) {
    return x;
  }

  /**
   * The same function re-centred at the point of x (for more accurate evaluation there), with the
   * coordinates of that point in the new function; a pure translation of the coordinates, so
   * differences of iterates and gradients stay valid. Null when the function has no such form.
   */
  default Recentred recentre(double[] x) {
    return null;
  }

  /** A re-centred function and the current point's coordinates in it. */
  record Recentred(DifferentiableFunction function, double[] x) {}

  /**
   * For a piecewise-smooth function (ReLU between layers): the first-order decrease available at
   * its kinks, in the units of the certificate's weighted gradient (a block's natural size times
   * a derivative); 0 at a smooth point or where every one-sided derivative at the kinks is ≥ 0.
   * The certificate adds it to the weighted gradient in quadrature, as it does for the bounds of
   * H ≥ 0. Smooth functions return 0.
   */
  default double kinkViolation(double[] x) {
    return 0.0;
  }

  /**
   * The round-off noise of the computed gradient at x, per coordinate: the root-mean-square size
   * of the error each gradient entry carries from the rounding of the magnitudes the function
   * cancels (for MSE the outputs against the targets, {@code OutputRounding}), a lower estimate of
   * the gradient's round-off; null where the function states no such model (then
   * {@code train.Certificate#roundOffFloor} claims no floor).
   */
  default double[] gradientNoise(double[] x) {
    return null;
  }

  /**
   * Writes the exact Hessian–vector product ∇²f(x)·v into {@code out} and returns true, where the
   * function has one; false (out untouched) otherwise, and callers then difference the gradient
   * ({@code train.HessianVector}).
   */
  default boolean hessianVector(double[] x, double[] v, double[] out) {
    return false;
  }
}
