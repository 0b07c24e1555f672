package ncverify.measure;

import java.util.Random;
import java.util.stream.IntStream;

/** Test inputs and the named tolerances of the measure tests. */
final class Fixtures {
  private Fixtures() {}

  /**
   * Round-off tolerance for exact constructions: entries O(1), d ≤ 16, K ≤ 8, so every quantity is a
   * few dot products of length ≤ 16 plus a square root and divisions; the accumulated error is a
   * few hundred ulps (≈ 1e-13) at most. Not an optimisation tolerance: the inputs are exact.
   */
  static final double ROUND_OFF = 1e-12;

  /**
   * Round-off per unit of condition number when two routes compute the same NC1 (factor SVD
   * versus forming Σ_B and pseudo-inverting it): errors of order ε are amplified by
   * κ = λ_max/λ_min of Σ_B's non-zero part and by the dimension (≤ 16); 1e-13 ≈ 500ε.
   */
  static final double ROUND_OFF_PER_CONDITION = 1e-13;

  /**
   * Smallest value a negative control must exceed: ten orders of magnitude above ROUND_OFF, so a
   * metric that passes exact constructions cannot also pass the control by round-off.
   */
  static final double NEGATIVE_CONTROL_MIN = 1e-2;

  static double[][] gaussian(int rows, int cols, Random rng) {
    double[][] a = new double[rows][cols];
    for (double[] row : a) {
      for (int j = 0; j < cols; j++) {
        row[j] = rng.nextGaussian();
      }
    }
    return a;
  }

  static int[] labels(int... counts) {
    return IntStream.range(0, counts.length)
        .flatMap(k -> IntStream.range(0, counts[k]).map(i -> k)).toArray();
  }

  /** d×N features: sample i = mean of its class + noise·(standard Gaussian). */
  static double[][] featuresAround(double[][] means, int[] counts, double noise, Random rng) {
    int[] y = labels(counts);
    int d = means.length;
    double[][] h = new double[d][y.length];
    for (int i = 0; i < y.length; i++) {
      for (int r = 0; r < d; r++) {
        h[r][i] = means[r][y[i]] + noise * rng.nextGaussian();
      }
    }
    return h;
  }

  static double[][] addToColumns(double[][] a, double[] v) {
    double[][] out = Matrices.copy(a);
    for (int r = 0; r < a.length; r++) {
      for (int j = 0; j < a[0].length; j++) {
        out[r][j] += v[r];
      }
    }
    return out;
  }

  static double sum(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s;
  }
}
