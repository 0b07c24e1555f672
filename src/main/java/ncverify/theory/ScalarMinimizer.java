package ncverify.theory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.analysis.solvers.LaguerreSolver;
import org.apache.commons.math3.complex.Complex;

/**
 * Global minimisation of a one-dimensional objective on [0, ∞) from its complete list of critical
 * points: every candidate (the boundary point 0 and every interior critical point) is evaluated and
 * the smallest value wins. "Take the largest root" is never used: for the deep problems the largest
 * critical point is a local minimum that can lose to the collapsed point 0 (THEORY §3.4).
 *
 * <p>Critical points are isolated by two independent methods that tests compare:
 * <ul>
 *   <li>{@link #levelCrossingsOfUnimodal}: the stationarity equation written as q(u) = level with q
 *       proven unimodal on an interval, so it has at most two solutions, each bracketed by the
 *       peak and refined by Brent's method (the primary method);</li>
 *   <li>{@link #positiveRealRoots}: all complex roots of the stationarity polynomial by Laguerre's
 *       method, keeping the (numerically) real positive ones (the cross-check).</li>
 * </ul>
 *
 * <p><b>Tie rule.</b> If a non-zero candidate's value is within {@link #TIE_RELATIVE_TOLERANCE}
 * (relative to max(1, |f(0)|)) of the boundary value f(0), the boundary point 0 (the collapsed
 * solution) is chosen and the result is flagged {@code atThreshold}. At an exact threshold both are
 * global minimisers; preferring the collapsed one makes the choice deterministic.
 */
public final class ScalarMinimizer {
  /**
   * Two objective values closer than this (relative) are a tie. Reason: the values are computed in
   * double precision from a handful of operations whose round-off is ~1e-16 relative, amplified by
   * cancellation in (u^{M+1} − √n)² near the root; 1e-12 is far above that round-off and far below
   * any difference a threshold crossing produces except within ~1e-12 of the threshold itself.
   */
  public static final double TIE_RELATIVE_TOLERANCE = 1e-12;

  /** Brent's absolute accuracy relative to the bracket scale; refined roots are accurate to round-off. */
  private static final double BRENT_RELATIVE_ACCURACY = 1e-15;

  /**
   * A Laguerre root whose imaginary part is below this fraction of its modulus is treated as real.
   * Reason: Laguerre returns real roots with spurious imaginary parts ~1e-10 relative for
   * near-double roots (at a threshold the two positive roots merge).
   */
  public static final double REAL_ROOT_IMAGINARY_TOLERANCE = 1e-6;

  private ScalarMinimizer() {}

  /** One candidate of the global selection. */
  public record Candidate(double point, double value) {}

  /**
   * The global selection.
   *
   * @param argmin the chosen point (0 = collapsed)
   * @param value objective value there
   * @param candidates every candidate evaluated (0 first, then the critical points in increasing order)
   * @param atThreshold a non-zero candidate tied with 0 within the tie tolerance (0 was chosen)
   * @param rejectedLocalMinimum the largest critical point is a strict local minimum other than the
   *     chosen point (the band where "largest root" would be wrong)
   */
  public record Result(double argmin, double value, List<Candidate> candidates, boolean atThreshold,
      boolean rejectedLocalMinimum) {
    /** The largest critical point (what "take the largest root" would pick), or 0 if none. */
    public double largestCriticalPoint() {
      return candidates.stream().mapToDouble(Candidate::point).max().orElse(0);
    }
  }

  /**
   * Chooses the global minimiser of f on [0, ∞) among 0 and the given critical points.
   * The caller guarantees that the critical points are all of them and that f grows at infinity.
   */
  public static Result selectGlobal(DoubleUnaryOperator f, double[] criticalPoints) {
    double[] pts = Arrays.stream(criticalPoints).filter(p -> p > 0).sorted().distinct().toArray();
    List<Candidate> candidates = new ArrayList<>();
    double f0 = f.applyAsDouble(0);
    candidates.add(new Candidate(0, f0));
    for (double p : pts) {
      candidates.add(new Candidate(p, f.applyAsDouble(p)));
    }
    Candidate best = candidates.stream().min(Comparator.comparingDouble(Candidate::value)).get();
    double tol = TIE_RELATIVE_TOLERANCE * Math.max(1, Math.abs(f0));
    boolean atThreshold = false;
    if (best.point() != 0 && best.value() >= f0 - tol) {
      atThreshold = true;
      best = candidates.get(0);
    } else if (best.point() == 0) {
      atThreshold = candidates.stream().skip(1).anyMatch(c -> c.value() <= f0 + tol);
    }
    boolean rejected = false;
    if (pts.length > 0) {
      double largest = pts[pts.length - 1];
      rejected = largest != best.point() && isStrictLocalMin(f, largest);
    }
    return new Result(best.point(), best.value(), List.copyOf(candidates), atThreshold, rejected);
  }

  private static boolean isStrictLocalMin(DoubleUnaryOperator f, double p) {
    double h = 1e-4 * p;
    double v = f.applyAsDouble(p);
    return f.applyAsDouble(p - h) > v && f.applyAsDouble(p + h) > v;
  }

  /**
   * All solutions of q(u) = level on [lo, hi] for a q that is continuous and unimodal there
   * (non-decreasing on [lo, peak], non-increasing on [peak, hi]); at most two.
   * Both sides are bracketed at the peak and refined by Brent's method.
   */
  public static double[] levelCrossingsOfUnimodal(DoubleUnaryOperator q, double level, double lo,
      double peak, double hi) {
    List<double[]> brackets = new ArrayList<>();
    double qPeak = q.applyAsDouble(peak) - level;
    if (qPeak < 0) {
      return new double[0];
    }
    if (qPeak == 0) {
      return new double[] {peak};
    }
    List<Double> roots = new ArrayList<>();
    if (peak > lo && q.applyAsDouble(lo) - level < 0) {
      roots.add(brent(q, level, lo, peak));
    }
    if (hi > peak && q.applyAsDouble(hi) - level < 0) {
      roots.add(brent(q, level, peak, hi));
    }
    return roots.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double brent(DoubleUnaryOperator q, double level, double a, double b) {
    BrentSolver solver = new BrentSolver(1e-300, BRENT_RELATIVE_ACCURACY * Math.max(Math.abs(a), Math.abs(b)), 1e-300);
    return solver.solve(10_000, u -> q.applyAsDouble(u) - level, a, b);
  }

  /**
   * Positive real roots of the polynomial Σ c_i u^i (coefficients in increasing degree) by Laguerre's
   * method on all complex roots (Commons Math {@code solveAllComplex}), sorted increasingly.
   */
  public static double[] positiveRealRoots(double[] coefficients) {
    int deg = coefficients.length - 1;
    while (deg > 0 && coefficients[deg] == 0) {
      deg--;
    }
    if (deg < 1) {
      return new double[0];
    }
    double[] c = Arrays.copyOf(coefficients, deg + 1);
    Complex[] roots = new LaguerreSolver(1e-14, 1e-300, 1e-300).solveAllComplex(c, 1.0, 10_000);
    return Arrays.stream(roots)
        .filter(z -> z.getReal() > 0 && Math.abs(z.getImaginary()) <= REAL_ROOT_IMAGINARY_TOLERANCE * z.abs())
        .mapToDouble(Complex::getReal).sorted().toArray();
  }
}
