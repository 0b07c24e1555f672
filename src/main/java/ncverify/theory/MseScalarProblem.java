package ncverify.theory;

/**
 * The per-mode scalar problem of deep linear MSE (THEORY §3.3, re-derived): with Z = W H̄ D^{1/2}
 * (bias-free) or the weighted-centred analogue (free bias), the objective separates over the
 * singular values z of Z paired with the target's singular values σ (σ = √n_k bias-free):
 * <pre>  φ(z) = (z − σ)²/(2N) + c_M z^{2/(M+1)},   c_M = ((M+1)/2)(λ_H Π_m λ_{W_m})^{1/(M+1)}.</pre>
 * Substituting z = u^{M+1} makes it polynomial: φ(u) = (u^{M+1} − σ)²/(2N) + c_M u², and
 * φ'(u) = u·[(M+1)u^{M−1}(u^{M+1} − σ)/N + 2c_M], so the non-zero critical points solve
 * <pre>  q(u) := u^{M−1}(σ − u^{M+1}) = 2 c_M N/(M+1),</pre>
 * where q is unimodal on [0, σ^{1/(M+1)}] (peak at u_p^{M+1} = (M−1)σ/(2M); decreasing for M = 1)
 * and negative beyond. Hence at most two critical points; every one is found and then the global
 * minimum is selected among {0, critical points} by {@link ScalarMinimizer#selectGlobal}.
 */
public final class MseScalarProblem {
  private final int depth;
  private final double sigma;
  private final int n;
  private final double cM;

  /**
   * @param depth M
   * @param sigma target singular value σ ≥ 0
   * @param totalSamples N
   * @param cM c_M
   */
  public MseScalarProblem(int depth, double sigma, int totalSamples, double cM) {
    this.depth = depth;
    this.sigma = sigma;
    this.n = totalSamples;
    this.cM = cM;
  }

  /** c_M = ((M+1)/2)(λ_H Π_m λ_{W_m})^{1/(M+1)}. */
  public static double cM(ncverify.problem.Setting s) {
    int m = s.depth();
    return 0.5 * (m + 1) * Math.pow(s.lambdaH() * s.lambdaWProduct(), 1.0 / (m + 1));
  }

  /** φ as a function of u = z^{1/(M+1)}. */
  public double valueAtU(double u) {
    double r = Math.pow(u, depth + 1) - sigma;
    return r * r / (2.0 * n) + cM * u * u;
  }

  /** q(u) = u^{M−1}(σ − u^{M+1}). */
  public double q(double u) {
    return Math.pow(u, depth - 1) * (sigma - Math.pow(u, depth + 1));
  }

  /** Right-hand side of the stationarity equation q(u) = level. */
  public double level() {
    return 2 * cM * n / (depth + 1);
  }

  /** All positive critical points in u, by the unimodal bracketing (primary method). */
  public double[] criticalPointsByBracketing() {
    if (sigma <= 0) {
      return new double[0];
    }
    double hi = Math.pow(sigma, 1.0 / (depth + 1));
    double peak = depth == 1 ? 0 : Math.pow((depth - 1) * sigma / (2.0 * depth), 1.0 / (depth + 1));
    return ScalarMinimizer.levelCrossingsOfUnimodal(this::q, level(), 0, peak, hi);
  }

  /**
   * Coefficients (increasing degree) of the stationarity polynomial
   * (M+1)u^{2M} − (M+1)σ u^{M−1} + 2c_M N, whose positive roots are the critical points.
   */
  public double[] stationarityPolynomial() {
    double[] c = new double[2 * depth + 1];
    c[0] = 2 * cM * n;
    c[depth - 1] += -(depth + 1) * sigma;
    c[2 * depth] += depth + 1;
    return c;
  }

  /** All positive critical points in u, by Laguerre on the polynomial (cross-check method). */
  public double[] criticalPointsByLaguerre() {
    return ScalarMinimizer.positiveRealRoots(stationarityPolynomial());
  }

  /** Global minimisation; the result's points are in u (z = u^{M+1}). */
  public ScalarMinimizer.Result solve() {
    return ScalarMinimizer.selectGlobal(this::valueAtU, criticalPointsByBracketing());
  }

  public int depth() { return depth; }
  public double sigma() { return sigma; }
}
