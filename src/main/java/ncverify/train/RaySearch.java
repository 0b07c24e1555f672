package ncverify.train;

import java.util.function.DoubleFunction;
import ncverify.problem.DifferentiableFunction;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.apache.commons.math3.optim.univariate.UnivariatePointValuePair;

/**
 * Line search along a one-parameter family of points x(c), c in [lo, hi] (lo &gt; 0): f∘x is scanned
 * at {@link #GRID} log-spaced scales, then Brent's method (Commons Math) refines the best grid
 * interval in log c. Used to size structured starts and escape steps before a local optimiser
 * polishes them; a scan first because f∘x is often multimodal (a collapsed minimum at small c and
 * a live one at larger c).
 */
public final class RaySearch {
  private RaySearch() {}

  /** Log-spaced scan points; enough to separate the collapsed and the live minimum of these rays. */
  static final int GRID = 16;
  /** Relative accuracy of Brent's method in log c: starts need not be exact, the optimiser polishes. */
  static final double LOG_TOLERANCE = 1e-3;
  /** Evaluation budget of the Brent refinement. */
  static final int MAX_EVALUATIONS = 60;

  /** The best point found and its scale. */
  public record Best(double scale, double value, double[] point) {}

  /** Minimises f(x(c)) over c in [lo, hi]; points for which x returns null or f is not finite lose. */
  public static Best minimize(DifferentiableFunction f, DoubleFunction<double[]> ray, double lo,
      double hi) {
    if (!(lo > 0 && hi > lo)) {
      throw new IllegalArgumentException("need 0 < lo < hi, got " + lo + ", " + hi);
    }
    double a = Math.log(lo);
    double b = Math.log(hi);
    double step = (b - a) / (GRID - 1);
    int best = 0;
    double bestValue = Double.POSITIVE_INFINITY;
    for (int i = 0; i < GRID; i++) {
      double v = value(f, ray, a + i * step);
      if (v < bestValue) {
        bestValue = v;
        best = i;
      }
    }
    double left = a + Math.max(0, best - 1) * step;
    double right = a + Math.min(GRID - 1, best + 1) * step;
    UnivariatePointValuePair p = new BrentOptimizer(LOG_TOLERANCE, 1e-12).optimize(
        new MaxEval(MAX_EVALUATIONS), GoalType.MINIMIZE,
        new UnivariateObjectiveFunction(t -> value(f, ray, t)),
        new SearchInterval(left, right, a + best * step));
    double logC = p.getValue() < bestValue ? p.getPoint() : a + best * step;
    double c = Math.exp(logC);
    double[] x = ray.apply(c);
    return new Best(c, x == null ? Double.POSITIVE_INFINITY : f.value(x), x);
  }

  private static double value(DifferentiableFunction f, DoubleFunction<double[]> ray, double logC) {
    double[] x = ray.apply(Math.exp(logC));
    if (x == null) {
      return Double.POSITIVE_INFINITY;
    }
    double v = f.value(x);
    return Double.isFinite(v) ? v : Double.POSITIVE_INFINITY;
  }
}
