package ncverify.train;

import java.util.Random;
import ncverify.problem.DifferentiableFunction;

/**
 * f(x) = ½ xᵀA x − bᵀx with a random symmetric positive definite A = Qᵀ diag(eigenvalues) Q, optionally
 * with every coordinate constrained to x ≥ 0. Test problems with answers known by construction.
 */
final class Quadratic implements DifferentiableFunction {
  final double[][] a;
  final double[] b;
  final boolean nonnegative;

  Quadratic(double[][] a, double[] b, boolean nonnegative) {
    this.a = a;
    this.b = b;
    this.nonnegative = nonnegative;
  }

  /** Random SPD matrix with eigenvalues log-spaced in [1, condition]. */
  static double[][] spd(int n, double condition, Random r) {
    double[][] q = new double[n][n];
    for (double[] row : q) {
      for (int j = 0; j < n; j++) {
        row[j] = r.nextGaussian();
      }
    }
    // Gram–Schmidt → orthogonal Q (rows)
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < i; k++) {
        double p = 0;
        for (int j = 0; j < n; j++) p += q[i][j] * q[k][j];
        for (int j = 0; j < n; j++) q[i][j] -= p * q[k][j];
      }
      double norm = 0;
      for (int j = 0; j < n; j++) norm += q[i][j] * q[i][j];
      norm = Math.sqrt(norm);
      for (int j = 0; j < n; j++) q[i][j] /= norm;
    }
    double[][] a = new double[n][n];
    for (int k = 0; k < n; k++) {
      double ev = Math.pow(condition, k / (n - 1.0));
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          a[i][j] += ev * q[k][i] * q[k][j];
        }
      }
    }
    return a;
  }

  static double[] times(double[][] a, double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x.length; j++) {
        y[i] += a[i][j] * x[j];
      }
    }
    return y;
  }

  @Override
  public int dimension() {
    return b.length;
  }

  @Override
  public int[] nonnegativeRange() {
    return nonnegative ? new int[] {0, b.length} : null;
  }

  @Override
  public double valueAndGradient(double[] x, double[] gradient) {
    double[] ax = times(a, x);
    double v = 0;
    for (int i = 0; i < x.length; i++) {
      v += 0.5 * x[i] * ax[i] - b[i] * x[i];
      gradient[i] = ax[i] - b[i];
    }
    return v;
  }
}
