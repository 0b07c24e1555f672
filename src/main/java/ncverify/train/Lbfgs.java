package ncverify.train;

import java.util.Locale;
import ncverify.problem.DifferentiableFunction;

/**
 * The certifying optimiser: limited-memory BFGS with a strong-Wolfe line search, run until the
 * {@link Certificate#residual certification residual} reaches the tolerance (default
 * {@link Certificate#CERTIFIED} = 1e-9).
 *
 * <p><b>Unconstrained.</b> Standard L-BFGS (Nocedal &amp; Wright, <i>Numerical Optimization</i>,
 * 2nd ed., Alg. 7.4/7.5): two-loop recursion with initial scaling γ = sᵀy/yᵀy, pairs kept only
 * when the curvature sᵀy is positive, and the strong-Wolfe {@link LineSearch} (N&amp;W Alg.
 * 3.5/3.6, c₁ = 1e-4, c₂ = 0.9) along the path below.
 *
 * <p><b>Non-negative range (H ≥ 0): two-metric projection.</b> (Bertsekas 1982; the "L-BFGS-B-lite"
 * scheme.) At each iterate the ε-active set A = {i : x_i ≤ ε, ∂_i f &gt; 0} with
 * ε = min({@link #ACTIVE_EPSILON}, ‖x − P(x − ∇f)‖) gets the scaled steepest-descent direction −γ∂_i f
 * (which the projection then pins at 0); the other coordinates get the L-BFGS direction computed from
 * the memory restricted to them. The line search runs on the projected path φ(α) = f(P(x + αd)), whose
 * derivative ignores the coordinates clipped at α. At a point where A is exactly the set of
 * coordinates at the bound with positive gradient, the free coordinates see an unconstrained L-BFGS
 * problem, so the final convergence is as fast as in the unconstrained case.
 *
 * <p><b>Near the rounding floor</b> the line search also accepts Hager–Zhang's approximate Wolfe
 * condition ({@link LineSearch}).
 *
 * <p>Ends with CONVERGED (residual ≤ tolerance), MAX_ITERATIONS, DIVERGED (non-finite or blown-up
 * iterate, or f unbounded below) or STALLED (the line search failed even along −∇f after a memory
 * reset: typically the residual is at the rounding floor above the tolerance).
 */
public final class Lbfgs implements Optimizer {

  /**
   * Iterations between offers to re-centre the function at the iterate (MSE at vanishing λ, see
   * {@code problem.AnchoredObjective}: without it the certificate's round-off floor is ~ε/λ). A
   * re-centring costs about one evaluation in double-double; every 20 iterations keeps the offset
   * small while costing a few percent.
   */
  static final int RECENTRE_PERIOD = 20;
  /** Upper bound of the ε-active-set threshold (coordinates this close to 0 may be pinned). */
  static final double ACTIVE_EPSILON = 1e-3;
  /** Pairs with sᵀy ≤ this·‖s‖‖y‖ are not stored (keeps the inverse Hessian positive definite). */
  static final double CURVATURE_EPSILON = 1e-12;

  /**
   * @param memory number of (s, y) pairs kept
   * @param maxIterations iteration budget
   * @param tolerance stop when {@link Certificate#residual} ≤ tolerance
   */
  public record Options(int memory, int maxIterations, double tolerance) {
    public Options {
      if (memory < 1 || maxIterations < 0 || !(tolerance >= 0)) {
        throw new IllegalArgumentException("bad L-BFGS options " + this);
      }
    }

    /** Memory 10, 100 000 iterations, tolerance {@link Certificate#CERTIFIED}. */
    public static Options defaults() {
      return new Options(10, 100_000, Certificate.CERTIFIED);
    }

    public Options withMaxIterations(int n) {
      return new Options(memory, n, tolerance);
    }

    public Options withTolerance(double t) {
      return new Options(memory, maxIterations, t);
    }
  }

  private final Options options;

  public Lbfgs(Options options) {
    this.options = options;
  }

  public Lbfgs() {
    this(Options.defaults());
  }

  public Options options() {
    return options;
  }

  @Override
  public String name() {
    return String.format(Locale.ROOT, "lbfgs(memory=%d,tol=%.1e)", options.memory(), options.tolerance());
  }

  @Override
  public Run minimize(DifferentiableFunction f, double[] x0) {
    return new State(f, x0).run();
  }

  /** One optimisation: iterate, memory and line-search buffers. */
  private final class State {
    DifferentiableFunction f; // replaced by its re-centred form where that is more accurate
    final int n;
    final int[] nonneg;
    final int lo;
    final int hi;
    final long start = System.nanoTime();
    final History history = new History(options.maxIterations());

    double[] x;
    double[] g;
    double value;
    double[] xt;
    double[] gt;
    double valueT;
    final double[] d;
    final boolean[] active;
    final double[] free; // 1 on free coordinates, 0 on pinned ones (valid where active is set)

    final int m = options.memory();
    final double[][] s;
    final double[][] y;
    final double[] rho;
    final double[] alpha;
    final double[] restricted; // ρ of each pair on the current free subspace
    double[] spareS;
    double[] spareY;
    int count = 0;
    int newest = -1;
    double gamma = 1.0;
    boolean scaled = false; // γ has been set from a stored pair

    State(DifferentiableFunction f, double[] x0) {
      this.f = f;
      this.n = f.dimension();
      this.nonneg = f.nonnegativeRange();
      this.lo = nonneg == null ? 0 : nonneg[0];
      this.hi = nonneg == null ? 0 : nonneg[1];
      x = x0.clone();
      Certificate.project(nonneg, x);
      g = new double[n];
      xt = new double[n];
      gt = new double[n];
      d = new double[n];
      active = new boolean[n];
      free = new double[n];
      java.util.Arrays.fill(free, 1.0);
      s = new double[m][n];
      y = new double[m][n];
      rho = new double[m];
      alpha = new double[m];
      restricted = new double[m];
      spareS = new double[n];
      spareY = new double[n];
    }

    Run run() {
      value = f.valueAndGradient(x, g);
      double blowUp = Certificate.BLOW_UP_FACTOR * Math.max(1.0, Math.abs(value));
      for (int it = 0; ; it++) {
        if (it % RECENTRE_PERIOD == 0 && !Certificate.nonFinite(value, g)) {
          recentre();
        }
        boolean nonFinite = Certificate.nonFinite(value, g);
        double pg = nonFinite ? Double.NaN : Certificate.projectedGradientNorm(nonneg, x, g);
        double residual = nonFinite ? Double.NaN : Certificate.residual(f, x, value, g);
        history.offer(it, value, residual);
        if (nonFinite) {
          return end(it, residual, Termination.DIVERGED, "objective or gradient not finite (f=" + value
              + ") at iteration " + it);
        }
        if (Math.abs(value) > blowUp) {
          return end(it, residual, Termination.DIVERGED, "objective " + value + " exceeded "
              + Certificate.BLOW_UP_FACTOR + " x its starting scale at iteration " + it);
        }
        if (residual <= options.tolerance()) {
          return end(it, residual, Termination.CONVERGED, "residual " + residual + " <= "
              + options.tolerance());
        }
        if (it >= options.maxIterations()) {
          return end(it, residual, Termination.MAX_ITERATIONS, "iteration budget "
              + options.maxIterations() + " used; residual " + residual);
        }
        boolean moved = false;
        for (int attempt = 0; attempt < 2 && !moved; attempt++) {
          if (attempt == 1) {
            if (count == 0) {
              break;
            }
            count = 0; // memory reset: scaled steepest descent −γ∇f, keeping the last γ
          }
          double dphi0 = direction(pg);
          if (!(dphi0 < 0) && count > 0) {
            count = 0;
            dphi0 = direction(pg);
          }
          if (!(dphi0 < 0)) {
            break;
          }
          // Unit step once γ carries curvature information; before the first pair, a step of
          // length at most 1 along −∇f (the search expands it if that is too short).
          double step0 = scaled ? 1.0 : 1.0 / Math.max(1.0, norm(d));
          moved = LineSearch.search(path, value, dphi0, step0);
        }
        if (!moved) {
          return end(it, residual, Termination.STALLED, "line search failed along the steepest-descent"
              + " direction at iteration " + it + "; residual " + residual);
        }
        remember();
        double[] swap = x; x = xt; xt = swap;
        swap = g; g = gt; gt = swap;
        value = valueT;
      }
    }

    /**
     * Moves to the function's re-centred form at x ({@link DifferentiableFunction#recentre}), if it
     * has one: a translation of the coordinates, so the stored pairs (s, y) stay valid; the value
     * and gradient are re-evaluated there, more accurately.
     */
    void recentre() {
      DifferentiableFunction.Recentred rc = f.recentre(x);
      if (rc == null) {
        return;
      }
      f = rc.function();
      x = rc.x().clone();
      value = f.valueAndGradient(x, g);
    }

    Run end(int it, double residual, Termination status, String why) {
      return new Run(f.point(x), value, residual, it, (System.nanoTime() - start) * 1e-9, status, why, name(),
          null, history.points());
    }

    /**
     * Fills d (two-metric L-BFGS direction); returns φ'(0) along the projected path. The memory is
     * restricted to the free coordinates by the 0/1 weights {@link #free} rather than by a branch
     * per entry: d is exactly 0 on the pinned coordinates throughout the two loops (its updates
     * there are c·v·0 = ±0), so its dot products need no weights, and the weighted sums equal the
     * skipping ones bit for bit on finite data (a zero term never changes a sum that starts at +0),
     * while the loops vectorise (the branchy form took 70% of a K = 100 verify, JFR).
     */
    double direction(double pg) {
      boolean anyActive = false;
      if (nonneg != null) {
        double eps = Math.min(ACTIVE_EPSILON, pg);
        for (int i = lo; i < hi; i++) {
          active[i] = x[i] <= eps && g[i] > 0;
          free[i] = active[i] ? 0.0 : 1.0;
          anyActive |= active[i];
        }
      }
      double[] weights = anyActive ? free : null;
      for (int i = 0; i < n; i++) {
        d[i] = anyActive && active[i] ? 0.0 : -g[i];
      }
      // two-loop recursion, newest to oldest
      for (int j = 0; j < count; j++) {
        int k = Math.floorMod(newest - j, m);
        double r = rho[k];
        if (weights != null) {
          double sy = dot(s[k], y[k], weights);
          r = sy > 0 ? 1.0 / sy : 0.0; // a pair with no curvature on the free subspace is skipped
        }
        restricted[k] = r;
        alpha[k] = r == 0.0 ? 0.0 : r * dot(s[k], d);
        if (alpha[k] != 0.0) {
          axpy(-alpha[k], y[k], d, weights);
        }
      }
      scale(gamma, d);
      for (int j = count - 1; j >= 0; j--) {
        int k = Math.floorMod(newest - j, m);
        double r = restricted[k];
        if (r == 0.0) {
          continue;
        }
        double beta = r * dot(y[k], d);
        axpy(alpha[k] - beta, s[k], d, weights);
      }
      if (anyActive) {
        for (int i = lo; i < hi; i++) {
          if (active[i]) {
            d[i] = -gamma * g[i];
          }
        }
      }
      return pathDerivative(x, g, 0.0);
    }

    /**
     * φ'(α) of φ(α) = f(P(x + αd)) using the gradient gg at P(x + αd): coordinates that the
     * projection clips at α do not move and do not contribute.
     */
    double pathDerivative(double[] base, double[] gg, double step) {
      double acc = 0;
      for (int i = 0; i < n; i++) {
        double di = d[i];
        if (i >= lo && i < hi) {
          double moved = base[i] + step * di;
          if (moved < 0 || (moved == 0 && di < 0)) {
            di = 0;
          }
        }
        acc += gg[i] * di;
      }
      return acc;
    }

    /** The line search's view of the projected path: trial points go into xt/gt/valueT. */
    final LineSearch.Path path = new LineSearch.Path() {
      @Override
      public double derivative(double step) {
        return trial(step);
      }

      @Override
      public double value() {
        return valueT;
      }
    };

    /** Evaluates the trial point P(x + step·d) into xt/gt/valueT; returns φ'(step). */
    double trial(double step) {
      for (int i = 0; i < n; i++) {
        xt[i] = x[i] + step * d[i];
      }
      Certificate.project(nonneg, xt);
      valueT = f.valueAndGradient(xt, gt);
      if (Certificate.nonFinite(valueT, gt)) {
        valueT = Double.POSITIVE_INFINITY;
        return Double.NaN;
      }
      return pathDerivative(x, gt, step);
    }

    /** Stores s = xt − x, y = gt − g if the curvature sᵀy is positive enough. */
    void remember() {
      double sy = 0, ss = 0, yy = 0;
      for (int i = 0; i < n; i++) {
        double si = xt[i] - x[i];
        double yi = gt[i] - g[i];
        spareS[i] = si;
        spareY[i] = yi;
        sy += si * yi;
        ss += si * si;
        yy += yi * yi;
      }
      if (!(sy > CURVATURE_EPSILON * Math.sqrt(ss * yy)) || yy == 0) {
        return;
      }
      int k = (newest + 1) % m;
      double[] oldS = s[k];
      double[] oldY = y[k];
      s[k] = spareS;
      y[k] = spareY;
      spareS = oldS;
      spareY = oldY;
      newest = k;
      rho[k] = 1.0 / sy;
      gamma = sy / yy;
      scaled = true;
      count = Math.min(count + 1, m);
    }
  }

  /**
   * Euclidean norm as a plain sum of squares in index order (no scaling, unlike
   * {@code measure.Matrices.norm}); the optimisers and predictions rely on its exact digits.
   */
  public static double norm(double[] v) {
    double acc = 0;
    for (double e : v) {
      acc += e * e;
    }
    return Math.sqrt(acc);
  }

  static double dot(double[] a, double[] b) {
    double acc = 0;
    for (int i = 0; i < a.length; i++) {
      acc += a[i] * b[i];
    }
    return acc;
  }

  /** Σ a_i b_i w_i in index order; with 0/1 weights (or null: all 1) the sum over the w_i = 1. */
  static double dot(double[] a, double[] b, double[] weights) {
    if (weights == null) {
      return dot(a, b);
    }
    double acc = 0;
    for (int i = 0; i < a.length; i++) {
      acc += a[i] * b[i] * weights[i];
    }
    return acc;
  }

  static void axpy(double c, double[] xs, double[] target) {
    for (int i = 0; i < xs.length; i++) {
      target[i] += c * xs[i];
    }
  }

  /** target += c·xs·w entrywise (null weights: all 1); a 0 weight leaves a finite entry unchanged. */
  static void axpy(double c, double[] xs, double[] target, double[] weights) {
    if (weights == null) {
      axpy(c, xs, target);
      return;
    }
    for (int i = 0; i < xs.length; i++) {
      target[i] += c * xs[i] * weights[i];
    }
  }

  static void scale(double c, double[] v) {
    for (int i = 0; i < v.length; i++) {
      v[i] *= c;
    }
  }
}
