package ncverify.train;

import java.util.List;
import ncverify.problem.DifferentiableFunction;
import ncverify.problem.DifferentiableFunction.Block;

/**
 * The one definition of "how far from a critical point" used by every optimiser, test and claim.
 *
 * <p>The <b>certification residual</b> of f at x is the scale-free (relative) residual
 * <pre>
 *   r(x) = ‖ D(x) (x − P(x − ∇f(x))) ‖₂ / |f(x)|,     D(x) = diag(ω_B(x)) blockwise,
 *   ω_B = √(‖x_B‖² + |f(x)|/λ_B)  (a weight matrix or the features, λ_B &gt; 0),
 *   ω_B = ‖x_B‖                    (λ_B = 0),       ω_B = 1   (a bias: logits are dimensionless),
 * </pre>
 * where the blocks B are the model's parameter matrices ({@link DifferentiableFunction#blocks()})
 * and P is the Euclidean projection onto the feasible set (it clips H ≥ 0; for a coordinate at the
 * bound the step is min(x_i, ∂_i f), so a positive gradient at x_i = 0 costs nothing).
 *
 * <p><b>Why this definition.</b> A certificate must mean the same at f* = 1e-10 as at f* = 1
 * (issue 11, failing input 1: with the old ‖∇f‖/max(1, |f|), a point 2.6× above f* = 1.7e-10 was
 * "certified", because every gradient is tiny when λ is tiny). r is invariant under
 * <ul>
 *   <li>multiplying the objective by a constant c (f, ∇f and every λ scale by c; |f|/λ_B does
 *       not);</li>
 *   <li>the model's rescaling symmetry W_m → c_m W_m, H → H/Π c_m with λ_m → λ_m/c_m²,
 *       λ_H → λ_H Π c_m² (THEORY §1 with the M ≥ 2 correction): x_B, ∂f/∂x_B and √(|f|/λ_B) scale
 *       by c_B, 1/c_B and c_B, so each product ω_B‖g_B‖ is unchanged, and so is f;</li>
 *   <li>rotations between layers (norms only).</li>
 * </ul>
 * What it bounds: √(|f|/λ_B) is the natural scale of block B (no block of a point with
 * objective f can be longer: (λ_B/2)‖x_B‖² ≤ f), and ω_B‖g_B‖ is the first-order change of f under
 * a perturbation of block B of that size. For a convex problem, f(x) − f* ≤ ⟨∇f(x), x − x*⟩ ≤
 * r·|f|·‖D⁻¹(x − x*)‖, and since ω_B ≥ ‖x_B‖/√2 and ω_B ≥ ‖x*_B‖/√2 (f(x) ≥ f* ≥ (λ_B/2)‖x*_B‖²),
 * ‖D⁻¹(x − x*)‖ ≤ 2√2·√(#blocks): the relative objective gap is at most ~8r for M ≤ 4. Near a
 * collapsed optimum (the origin) the weights stay at the natural scale, so the distance to the
 * origin is linear in r (a weight ∝ ‖x_B‖ would make it ∝ √r, measured: structural deviations
 * ~1e-4 at certified points). A zero block while others are not (W = 0, H ≠ 0, which is not
 * critical) is weighted by its natural scale too. At the origin itself r = 0 wherever the
 * gradient vanishes, as it does for every UFM objective.
 *
 * <p>Limits, stated rather than hidden: at f = 0 (λ = 0 with an exact fit) the relative residual
 * is not defined; r is then 0 if the weighted gradient is 0 and +∞ otherwise, so such problems are
 * never certified (they have no scale-free certificate, and no theory here covers them). Where the
 * objective is evaluated with cancellation (MSE at λ ≲ 1e-9: Y − WH is ~λ, computed from O(1)
 * terms) the achievable r is limited by round-off; runs there stay uncertified and the verifier
 * judges INCONCLUSIVE rather than guessing.
 *
 * <p><b>Kinks.</b> With a ReLU between the layers f is only piecewise smooth; the gradient uses
 * σ'(0) = 0 and {@link DifferentiableFunction#kinkViolation} adds, in quadrature, the negative
 * one-sided derivatives at pre-activations within 1e-6 (relative) of a kink. A point with no
 * pre-activation at a kink is a smooth point; one at kinks is certified only if every one-sided
 * derivative there is ≥ 0 (then it is d-stationary, hence Clarke-stationary); otherwise it stays
 * uncertified and verdicts that need it are INCONCLUSIVE.
 *
 * <p>What a small residual establishes: x is an approximate critical (KKT) point. It does not
 * establish global optimality; for the non-convex depths M ≥ 2 that needs restarts and comparison
 * of objective values (THEORY.md §7). Functions without block structure (test problems) fall back
 * to ‖x − P(x − ∇f)‖ / max(1, |f|).
 */
public final class Certificate {
  private Certificate() {}

  /**
   * Default residual required to call a point certified. Gradients of these objectives are
   * accurate to ~1e-13 relative (sums of ~10⁵ products times machine epsilon 2.2e-16; the CE
   * gradient is computed without the 1 − p cancellation), so 1e-9 is three orders of magnitude
   * above the rounding floor and still far below anything an NC metric can see.
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
    return residual(f, x, value, g);
  }

  /** r(x) from an already computed value and gradient (optimisers avoid a second evaluation). */
  public static double residual(DifferentiableFunction f, double[] x, double value, double[] gradient) {
    int[] nonnegative = f.nonnegativeRange();
    List<Block> blocks = f.blocks();
    if (blocks == null) {
      return projectedGradientNorm(nonnegative, x, gradient) / Math.max(1.0, Math.abs(value));
    }
    double[] p = f.point(x); // the parameters (an anchored function's x is an offset)
    double acc = 0;
    for (Block b : blocks) {
      double omega;
      if (b.dimensionless()) {
        omega = 1.0;
      } else if (b.regulariser() > 0) {
        omega = Math.sqrt(sumSquares(p, b.from(), b.to()) + Math.abs(value) / b.regulariser());
      } else {
        omega = Math.sqrt(sumSquares(p, b.from(), b.to()));
      }
      double stepSq = 0;
      for (int i = b.from(); i < b.to(); i++) {
        double step = projectedStep(nonnegative, x, gradient, i);
        stepSq += step * step;
      }
      acc += omega * omega * stepSq;
    }
    // ReLU kinks (activation=relu): negative one-sided derivatives count like a gradient, so a
    // point is certified only if it is d-stationary (problem.ReluChain explains the rule).
    double kinks = f.kinkViolation(x);
    double numerator = Math.sqrt(acc + kinks * kinks);
    if (Double.isNaN(numerator) || Double.isNaN(value)) {
      return Double.NaN;
    }
    if (value == 0) {
      return numerator == 0 ? 0 : Double.POSITIVE_INFINITY;
    }
    return numerator / Math.abs(value);
  }

  /**
   * The certificate's round-off floor at x: the residual that the rounding noise of the computed
   * gradient alone produces there, ‖D(x) e(x)‖ / |f(x)| with e = {@link
   * DifferentiableFunction#gradientNoise} (RMS per coordinate) and the block weights ω_B of
   * {@link #residual}. A coordinate of H ≥ 0 at its bound (x_i = 0) is left out: its projected step
   * min(0, g_i) is 0 whatever the noise where g_i &gt; 0, so counting it could only overstate the
   * floor. Evaluated on the form the certifying optimisers use at x ({@link
   * DifferentiableFunction#recentre}: the anchored MSE objective, which carries R = out − Y to full
   * relative accuracy and states no noise model), so a floor that anchoring removes is never
   * claimed. 0 where the function states no noise model; NaN where f(x) is not finite.
   *
   * <p>It is a lower estimate of the residual any evaluation at x can show (the noise model counts
   * only the rounding of the outputs, {@code problem.OutputRounding}); a residual below it is
   * noise cancelling by chance. <b>Why the floor at a predicted optimum x̂ also holds at every
   * point y with f(y) ≤ f(x̂)</b> (how the verifier uses it): the floor is |f|⁻¹ times a norm of
   * (noise sources) × (their propagation), and each factor is at least as large at y:
   * <ul>
   *   <li>|f(y)| ≤ |f(x̂)|;</li>
   *   <li>the sources are pinned by the fit, not by the point: the loss is at most f, so every
   *       output is within √(2N f) of its target at y as at x̂, and the sources ulp(out_ij)/√12 on
   *       the label entries (|Y_ij| = 1) agree to that relative accuracy (≪ 1 wherever the floor
   *       can matter, f ≪ 1);</li>
   *   <li>the propagation ω_B|∂out/∂θ| is invariant under the model's symmetries (rotations
   *       between layers, the rescaling W_m → c_m W_m of THEORY §1, as r itself), so it is the same
   *       on the whole orbit of x̂, which is the optimal set of every family with a unique
   *       minimiser up to symmetry; for a linear head it is bounded below on the sublevel set by
   *       AM–GM (ω_H²‖w_i‖² + ω_W²‖h_j‖² ≥ 2‖H‖‖W‖‖w_i‖‖h_j‖ ≥ 2‖WH‖|out_ij|, with ‖WH‖ ≥ ‖Y‖ −
   *       √(2Nf)), the same pinned magnitudes again.</li>
   * </ul>
   * {@code CertificateFloorTest} checks it numerically at the uncertified end points of runs that
   * reach f(x̂).
   */
  public static double roundOffFloor(DifferentiableFunction f, double[] x) {
    DifferentiableFunction.Recentred rc = f.recentre(x);
    DifferentiableFunction form = rc == null ? f : rc.function();
    double[] at = rc == null ? x : rc.x();
    double[] noise = form.gradientNoise(at);
    List<Block> blocks = form.blocks();
    if (noise == null || blocks == null) {
      return 0.0;
    }
    double value = form.value(at);
    if (!Double.isFinite(value)) {
      return Double.NaN;
    }
    int[] nonnegative = form.nonnegativeRange();
    double[] p = form.point(at);
    double acc = 0;
    for (Block b : blocks) {
      double omegaSq = b.dimensionless() ? 1.0 : sumSquares(p, b.from(), b.to())
          + (b.regulariser() > 0 ? Math.abs(value) / b.regulariser() : 0.0);
      double noiseSq = 0;
      for (int i = b.from(); i < b.to(); i++) {
        boolean atBound = nonnegative != null && i >= nonnegative[0] && i < nonnegative[1]
            && p[i] <= 0;
        if (!atBound) {
          noiseSq += noise[i] * noise[i];
        }
      }
      acc += omegaSq * noiseSq;
    }
    return value == 0 ? (acc == 0 ? 0.0 : Double.POSITIVE_INFINITY) : Math.sqrt(acc) / Math.abs(value);
  }

  private static double projectedStep(int[] nonnegative, double[] x, double[] g, int i) {
    if (nonnegative != null && i >= nonnegative[0] && i < nonnegative[1]) {
      // x − max(0, x − g) = min(x, g) for feasible x
      return x[i] - Math.max(0.0, x[i] - g[i]);
    }
    return g[i];
  }

  private static double sumSquares(double[] x, int from, int to) {
    double acc = 0;
    for (int i = from; i < to; i++) {
      acc += x[i] * x[i];
    }
    return acc;
  }

  /** The unweighted projected-gradient norm ‖x − P(x − g)‖₂ (NaN if any entry is NaN). */
  public static double projectedGradientNorm(int[] nonnegative, double[] x, double[] g) {
    double acc = 0;
    for (int i = 0; i < x.length; i++) {
      double step = projectedStep(nonnegative, x, g, i);
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
