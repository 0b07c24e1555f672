package ncverify.train;

import java.util.Random;
import ncverify.problem.DifferentiableFunction;

/**
 * Random starting points. Every entry is N(0, scale²) from {@code new Random(seed)} (whose Gaussian
 * generator is specified by the JDK, so the same seed gives the same bytes everywhere); coordinates
 * constrained to be non-negative (H ≥ 0) get |N(0, scale²)|, a feasible start.
 *
 * <p>The scale is a parameter, not a constant: for depth M ≥ 2 the origin is a strict local minimum
 * and small scales converge to it or to partial solutions (THEORY.md §7).
 */
public final class Initializer {
  private Initializer() {}

  public static double[] start(DifferentiableFunction f, long seed, double scale) {
    if (!(scale >= 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("initial scale must be finite and >= 0, got " + scale);
    }
    Random random = new Random(seed);
    double[] x = new double[f.dimension()];
    for (int i = 0; i < x.length; i++) {
      x[i] = scale * random.nextGaussian();
    }
    int[] nonneg = f.nonnegativeRange();
    if (nonneg != null) {
      for (int i = nonneg[0]; i < nonneg[1]; i++) {
        x[i] = Math.abs(x[i]);
      }
    }
    return x;
  }
}
