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
  public record Options(int maxIterations, int maxCgIterations, double tolerance, boolean scaleFree) {
    public Options {
      if (maxIterations < 0 || maxCgIterations < 1 || !(tolerance >= 0)) {
        throw new IllegalArgumentException("bad trust-region options " + this);
      }
    }

    /** The plain form: stops on ‖∇f‖/max(1, |f|), the class-mean search's test. */
    public Options(int maxIterations, int maxCgIterations, double tolerance) {
      this(maxIterations, maxCgIterations, tolerance, false);
    }

    /**
     * 500 Newton steps of at most 200 CG iterations, tolerance {@link Certificate#CERTIFIED}: a
     * converging run needs tens of steps; more means a plateau better left to another start.
     */
    public static Options defaults() {
      return new Options(500, 200, Certificate.CERTIFIED);
    }

    public Options withTolerance(double t) {
      return new Options(maxIterations, maxCgIterations, t, scaleFree);
    }

    public Options withMaxIterations(int n) {
      return new Options(n, maxCgIterations, tolerance, scaleFree);
    }

    /**
     * The scale-free form: stops on {@link Certificate#residual}, compares values with a slack
     * relative to |f| (not max(1, |f|)), and works on the function's re-centred form
     * ({@link DifferentiableFunction#recentre}) as {@link Lbfgs} does, so that it means the same at
     * f* = 1e-10 as at f* = 1.
     */
    public Options withScaleFree() {
      return new Options(maxIterations, maxCgIterations, tolerance, true);
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
  public Run minimize(DifferentiableFunction function, double[] x0) {
    DifferentiableFunction f = function; // replaced by its re-centred form (scale-free mode)
    if (f.nonnegativeRange() != null) {
      throw new IllegalArgumentException("trust-region Newton-CG handles unconstrained problems only;"
          + " use L-BFGS for a non-negative range");
    }
    long start = System.nanoTime();
    int n = f.dimension();
    History history = new History(options.maxIterations());
    HessianVector hv = new HessianVector(function);
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
      if (options.scaleFree() && it % Lbfgs.RECENTRE_PERIOD == 0 && !Certificate.nonFinite(value, g)) {
        DifferentiableFunction.Recentred rc = f.recentre(x);
        if (rc != null) {
          f = rc.function();
          x = rc.x().clone();
          xt = new double[n];
          value = f.valueAndGradient(x, g);
        }
      }
      boolean nonFinite = Certificate.nonFinite(value, g);
      double gNorm = nonFinite ? Double.NaN : Lbfgs.norm(g);
      double residual = nonFinite ? Double.NaN : options.scaleFree()
          ? Certificate.residual(f, x, value, g) : gNorm / Math.max(1.0, Math.abs(value));
      history.offer(it, value, residual);
      String work = " (" + cgTotal + " CG iterations, " + (hv.exactProducts() > 0
          ? hv.exactProducts() + " exact H·v" : hv.evaluations() + " gradients for H·v") + ")";
      if (nonFinite || Math.abs(value) > blowUp) {
        return end(f, x, value, residual, it, start, Termination.DIVERGED, "objective or gradient not finite"
            + " or blown up (f=" + value + ") at iteration " + it + work, history);
      }
      if (residual <= options.tolerance()) {
        return end(f, x, value, residual, it, start, Termination.CONVERGED, "residual " + residual + " <= "
            + options.tolerance() + work, history);
      }
      if (it >= options.maxIterations()) {
        return end(f, x, value, residual, it, start, Termination.MAX_ITERATIONS, "iteration budget "
            + options.maxIterations() + " used; residual " + residual + work, history);
      }
      double xNorm = Lbfgs.norm(x);
      if (radius < MIN_RADIUS * Math.max(1.0, xNorm)) {
        return end(f, x, value, residual, it, start, Termination.STALLED, "trust region shrank to " + radius
            + " at iteration " + it + "; residual " + residual + work, history);
      }
      // H·v of the original function at the rounded point (the re-centred form has no exact
      // products, and differences of its gradient would not resolve curvatures ~λ; the Hessian
      // changes by ~ε|x| under the rounding, far below the inexact Newton step's own error).
      double[] at = f == function ? x : f.point(x);
      double atNorm = f == function ? xNorm : Lbfgs.norm(at);
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
        hv.apply(at, atNorm, dir, hd);
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
      double slack = LineSearch.APPROXIMATE_WOLFE_SLACK
          * (options.scaleFree() ? Math.abs(value) : Math.max(1.0, Math.abs(value)));
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

  private Run end(DifferentiableFunction f, double[] x, double value, double residual, int it, long start, Termination status,
      String why, History history) {
    return new Run(f.point(x), value, residual, it, (System.nanoTime() - start) * 1e-9, status, why, name(),
        null, history.points());
  }
}
