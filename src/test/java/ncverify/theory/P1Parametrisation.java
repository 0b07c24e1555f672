package ncverify.theory;

import ncverify.problem.Setting;

/**
 * THEORY §3.3's alternative parametrisation of the MSE class problem (P1's code): x with
 * t_k² = N λ_H x^M, ĝ_k(x) = 1/(x^M + 1) + (b/n_k) x, b = M N (N λ_H Π λ_m)^{1/M}. Used only as an
 * independent cross-check of {@link MseScalarProblem} (different variable, different polynomial).
 */
final class P1Parametrisation {
  private P1Parametrisation() {}

  static double b(Setting s) {
    int m = s.depth();
    return m * s.N() * Math.pow(s.N() * s.lambdaH() * s.lambdaWProduct(), 1.0 / m);
  }

  static double gHat(Setting s, int k, double x) {
    int m = s.depth();
    return 1 / (Math.pow(x, m) + 1) + b(s) / s.count(k) * x;
  }

  /** Global minimiser x_k: candidates 0 and the positive roots of b(x^M+1)² − n M x^{M−1}. */
  static ScalarMinimizer.Result solve(Setting s, int k) {
    int m = s.depth();
    double b = b(s);
    double[] c = new double[2 * m + 1];
    c[0] += b;
    c[m] += 2 * b;
    c[2 * m] += b;
    c[m - 1] -= s.count(k) * (double) m;
    return ScalarMinimizer.selectGlobal(x -> gHat(s, k, x), ScalarMinimizer.positiveRealRoots(c));
  }
}
