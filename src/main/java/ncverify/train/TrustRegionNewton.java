package ncverify.train;

import java.util.Locale;
import ncverify.problem.DifferentiableFunction;

/**
 * Second-order certifying optimiser for unconstrained problems: trust-region Newton–CG with the
 * Steihaug–Toint truncated conjugate-gradient solver (Nocedal &amp; Wright, Alg. 4.1 and 7.2), on
 * {@link HessianVector finite-difference Hessian–vector products} of the analytic gradient.
 *
 * <p>Why: the products W_M⋯W_1 of deep heads (M ≥ 3) make the Hessian badly conditioned (modes whose
 * curvature is λ_W next to modes of curvature O(1)), and L-BFGS then needs thousands of iterations
 * (issue 16: ~14 500 at M = 6). Newton–CG resolves the curvature scales exactly and converges
 * quadratically near a non-degenerate minimiser; the truncated CG follows directions of negative
 * curvature out to the trust-region boundary, so saddle points with a non-zero gradient are left
 * downhill.
 *
 * <p>Inner tolerance: CG stops when ‖r‖ ≤ η‖g‖ with the forcing term η = min(1/2, √‖g‖)
 * (superlinear convergence, N&amp;W Thm 7.2). Trust-region update: ratio ρ of actual to predicted
 * decrease; shrink to ‖p‖/4 when ρ &lt; 1/4, double when ρ &gt; 3/4 and the step hit the boundary,
 * accept when ρ &gt; {@link #ACCEPT}. Near the rounding floor of f (predicted decrease below
 * {@link LineSearch#APPROXIMATE_WOLFE_SLACK}·|f|) a step is accepted when it does not increase f beyond that
 * slack and it reduces the gradient norm, the derivative-based test also used by {@link Lbfgs}.
 *
 * <p>Constrained functions ({@link DifferentiableFunction#nonnegativeRange()} non-null) are not
 * supported: use {@link Lbfgs}, whose two-metric projection handles the box.
 */
public final class TrustRegionNewton implements Optimizer {
  /** Minimum ratio ρ of actual to predicted decrease for a step to be taken (N&amp;W's η). */
  static final double ACCEPT = 1e-4;
  /**
   * The radius below which the method gives up (STALLED), relative to max(1, ‖x‖): steps this small
   * change no parameter beyond its last few bits.
   */
  static final double MIN_RADIUS = 1e-15;

  /**
   * @param maxIterations outer (Newton) iterations
   * @param maxCgIterations conjugate-gradient iterations per Newton step (each costs one Hessian–vector
   *     product, i.e. two gradients)
   * @param tolerance stop when {@link Certificate#residual} ≤ tolerance
   */
  public record Options(int maxIterations, int maxCgIterations, double tolerance) {
    public Options {
      if (maxIterations < 0 || maxCgIterations < 1 || !(tolerance >= 0)) {
        throw new IllegalArgumentException("bad trust-region options " + this);
      }
    }

    /**
     * 500 Newton steps of at most 200 CG iterations, tolerance {@link Certificate#CERTIFIED}: a
     * converging run needs tens of steps; more means a plateau better left to another start.
     */
    public static Options defaults() {
      return new Options(500, 200, Certificate.CERTIFIED);
    }

    public Options withTolerance(double t) {
      return new Options(maxIterations, maxCgIterations, t);
    }

    public Options withMaxIterations(int n) {
      return new Options(n, maxCgIterations, tolerance);
    }
  }

  private final Options options;

  public TrustRegionNewton(Options options) {
    this.options = options;
  }

  public TrustRegionNewton() {
    this(Options.defaults());
  }

  @Override
  public String name() {
    return String.format(Locale.ROOT, "newton-cg(tr,fd-hessian,tol=%.1e)", options.tolerance());
  }

  @Override
  public Run minimize(DifferentiableFunction f, double[] x0) {
    if (f.nonnegativeRange() != null) {
      throw new IllegalArgumentException("trust-region Newton-CG handles unconstrained problems only;"
          + " use L-BFGS for a non-negative range");
    }
    long start = System.nanoTime();
    int n = f.dimension();
    History history = new History(options.maxIterations());
    HessianVector hv = new HessianVector(f);
    double[] x = x0.clone();
    double[] g = new double[n];
    double[] xt = new double[n];
    double[] gt = new double[n];
    double[] p = new double[n];
    double[] r = new double[n];
    double[] dir = new double[n];
    double[] hd = new double[n];
    double value = f.valueAndGradient(x, g);
    double blowUp = Certificate.BLOW_UP_FACTOR * Math.max(1.0, Math.abs(value));
    double radius = Math.max(1.0, 0.1 * Lbfgs.norm(x));
    int it = 0;
    int cgTotal = 0;
    while (true) {
      boolean nonFinite = Certificate.nonFinite(value, g);
      double gNorm = nonFinite ? Double.NaN : Lbfgs.norm(g);
      double residual = gNorm / Math.max(1.0, Math.abs(value));
      history.offer(it, value, residual);
      String work = " (" + cgTotal + " CG iterations, " + (hv.exactProducts() > 0
          ? hv.exactProducts() + " exact H·v" : hv.evaluations() + " gradients for H·v") + ")";
      if (nonFinite || Math.abs(value) > blowUp) {
        return end(x, value, residual, it, start, Termination.DIVERGED, "objective or gradient not finite"
            + " or blown up (f=" + value + ") at iteration " + it + work, history);
      }
      if (residual <= options.tolerance()) {
        return end(x, value, residual, it, start, Termination.CONVERGED, "residual " + residual + " <= "
            + options.tolerance() + work, history);
      }
      if (it >= options.maxIterations()) {
        return end(x, value, residual, it, start, Termination.MAX_ITERATIONS, "iteration budget "
            + options.maxIterations() + " used; residual " + residual + work, history);
      }
      double xNorm = Lbfgs.norm(x);
      if (radius < MIN_RADIUS * Math.max(1.0, xNorm)) {
        return end(x, value, residual, it, start, Termination.STALLED, "trust region shrank to " + radius
            + " at iteration " + it + "; residual " + residual + work, history);
      }
      // Steihaug–Toint CG on m(p) = gᵀp + ½ pᵀHp, ‖p‖ ≤ radius.
      java.util.Arrays.fill(p, 0.0);
      System.arraycopy(g, 0, r, 0, n);
      for (int i = 0; i < n; i++) {
        dir[i] = -g[i];
      }
      double rr = gNorm * gNorm;
      double target = Math.min(0.5, Math.sqrt(gNorm)) * gNorm;
      double model = 0;      // m(p)
      boolean boundary = false;
      for (int j = 0; j < options.maxCgIterations(); j++) {
        cgTotal++;
        hv.apply(x, xNorm, dir, hd);
        double dHd = Lbfgs.dot(dir, hd, null);
        double rd = Lbfgs.dot(r, dir, null);
        if (!(dHd > 0)) {
          double tau = toBoundary(p, dir, radius);
          model += tau * rd + 0.5 * tau * tau * dHd;
          Lbfgs.axpy(tau, dir, p, null);
          boundary = true;
          break;
        }
        double alpha = rr / dHd;
        double pNext = 0;
        for (int i = 0; i < n; i++) {
          double v = p[i] + alpha * dir[i];
          pNext += v * v;
        }
        if (Math.sqrt(pNext) >= radius) {
          double tau = toBoundary(p, dir, radius);
          model += tau * rd + 0.5 * tau * tau * dHd;
          Lbfgs.axpy(tau, dir, p, null);
          boundary = true;
          break;
        }
        model += alpha * rd + 0.5 * alpha * alpha * dHd;
        Lbfgs.axpy(alpha, dir, p, null);
        Lbfgs.axpy(alpha, hd, r, null);
        double rrNext = Lbfgs.dot(r, r, null);
        if (Math.sqrt(rrNext) <= target) {
          break;
        }
        double beta = rrNext / rr;
        rr = rrNext;
        for (int i = 0; i < n; i++) {
          dir[i] = -r[i] + beta * dir[i];
        }
      }
      double predicted = -model;
      for (int i = 0; i < n; i++) {
        xt[i] = x[i] + p[i];
      }
      double valueT = f.valueAndGradient(xt, gt);
      double pNorm = Lbfgs.norm(p);
      double slack = LineSearch.APPROXIMATE_WOLFE_SLACK * Math.max(1.0, Math.abs(value));
      boolean accept;
      double rho;
      if (!Double.isFinite(valueT) || Certificate.nonFinite(valueT, gt)) {
        accept = false;
        rho = -1;
      } else if (predicted <= slack) {
        // Decreases below the rounding noise of f: judge by the (accurate) gradient instead.
        accept = valueT <= value + slack && Lbfgs.norm(gt) < gNorm;
        rho = accept ? 1 : 0;
      } else {
        rho = (value - valueT) / predicted;
        accept = rho > ACCEPT;
      }
      if (rho < 0.25) {
        radius = 0.25 * pNorm;
      } else if (rho > 0.75 && boundary) {
        radius = 2 * radius;
      }
      if (accept) {
        double[] swap = x; x = xt; xt = swap;
        swap = g; g = gt; gt = swap;
        value = valueT;
      }
      it++;
    }
  }

  /** τ ≥ 0 with ‖p + τ d‖ = radius. */
  private static double toBoundary(double[] p, double[] d, double radius) {
    double dd = Lbfgs.dot(d, d, null);
    double pd = Lbfgs.dot(p, d, null);
    double pp = Lbfgs.dot(p, p, null);
    double disc = pd * pd + dd * (radius * radius - pp);
    return (-pd + Math.sqrt(Math.max(0.0, disc))) / dd;
  }

  private Run end(double[] x, double value, double residual, int it, long start, Termination status,
      String why, History history) {
    return new Run(x, value, residual, it, (System.nanoTime() - start) * 1e-9, status, why, name(),
        null, history.points());
  }
}
