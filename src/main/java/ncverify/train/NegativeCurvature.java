package ncverify.train;

import java.util.Random;
import ncverify.problem.DifferentiableFunction;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * The most negative curvature of f at x, by the Lanczos method on {@link HessianVector} products
 * with full reorthogonalisation (Golub &amp; Van Loan §10.1), and the escape step along it.
 *
 * <p>Why: a certificate only says ∇f ≈ 0. Saddle points of the deep products (e.g. a class whose
 * modes vanish in every layer at once) pass it; the Hessian there has a negative eigenvalue, and
 * a step along its eigenvector decreases f at second order, after which the optimiser continues.
 * A strict local minimum (the origin for M ≥ 2, THEORY.md §7) has none: that needs other starts.
 * Unconstrained functions only (on a box the relevant curvature is that of the free face).
 */
public final class NegativeCurvature {
  private NegativeCurvature() {}

  /** Lanczos steps: the extreme eigenvalues converge first, a few dozen steps resolve them. */
  static final int LANCZOS_STEPS = 40;
  /**
   * Curvature below −this·max(1, |f|) counts as negative. The finite-difference products carry
   * errors around 1e-7 relative (see {@link HessianVector}); 1e-6 stays above that noise.
   */
  public static final double THRESHOLD = 1e-6;

  /** The smallest Ritz value and its vector (unit norm). */
  public record Direction(double curvature, double[] vector) {}

  /** The smallest Ritz value of the Hessian at x after at most {@link #LANCZOS_STEPS} steps. */
  public static Direction smallest(DifferentiableFunction f, double[] x, long seed) {
    int n = f.dimension();
    int steps = Math.min(LANCZOS_STEPS, n);
    HessianVector hv = new HessianVector(f);
    double xNorm = Lbfgs.norm(x);
    double[][] q = new double[steps + 1][];
    double[] alpha = new double[steps];
    double[] beta = new double[steps];
    Random random = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian();
    }
    Lbfgs.scale(1 / Lbfgs.norm(v), v);
    q[0] = v;
    double[] w = new double[n];
    int m = 0;
    for (int j = 0; j < steps; j++) {
      hv.apply(x, xNorm, q[j], w);
      alpha[j] = Lbfgs.dot(w, q[j]);
      for (int r = 0; r <= j; r++) {     // full reorthogonalisation (twice is enough)
        Lbfgs.axpy(-Lbfgs.dot(w, q[r]), q[r], w);
      }
      for (int r = 0; r <= j; r++) {
        Lbfgs.axpy(-Lbfgs.dot(w, q[r]), q[r], w);
      }
      m = j + 1;
      double b = Lbfgs.norm(w);
      if (j + 1 == steps || b < 1e-12) {
        break;
      }
      beta[j] = b;
      q[j + 1] = w.clone();
      Lbfgs.scale(1 / b, q[j + 1]);
    }
    double[] diag = java.util.Arrays.copyOf(alpha, m);
    double[] off = java.util.Arrays.copyOf(beta, Math.max(0, m - 1));
    EigenDecomposition eig = new EigenDecomposition(diag, off);
    double[] values = eig.getRealEigenvalues();
    int min = 0;
    for (int i = 1; i < values.length; i++) {
      min = values[i] < values[min] ? i : min;
    }
    double[] coefficients = eig.getEigenvector(min).toArray();
    double[] u = new double[n];
    for (int j = 0; j < m; j++) {
      Lbfgs.axpy(coefficients[j], q[j], u);
    }
    Lbfgs.scale(1 / Lbfgs.norm(u), u);
    return new Direction(values[min], u);
  }

  /**
   * The lowest point x ± t·u over t (a {@link RaySearch} on each side), or null when the curvature
   * at x is not below −{@link #THRESHOLD}·max(1, |f(x)|) or no step lowers f.
   */
  public static double[] escape(DifferentiableFunction f, double[] x, long seed) {
    double fx = f.value(x);
    Direction dir = smallest(f, x, seed);
    if (!(dir.curvature() < -THRESHOLD * Math.max(1.0, Math.abs(fx)))) {
      return null;
    }
    double reach = Math.max(1.0, Lbfgs.norm(x));
    double[] best = null;
    double bestValue = fx;
    for (int sign : new int[] {1, -1}) {
      RaySearch.Best b = RaySearch.minimize(f, t -> {
        double[] y = x.clone();
        Lbfgs.axpy(sign * t, dir.vector(), y);
        return y;
      }, 1e-6 * reach, reach);
      if (b.value() < bestValue) {
        bestValue = b.value();
        best = b.point();
      }
    }
    return best;
  }
}
