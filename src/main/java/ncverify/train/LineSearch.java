package ncverify.train;

/**
 * The line search of {@link Lbfgs}: finds a step α &gt; 0 along a descent path φ(α) (φ(0) = f(x),
 * φ'(0) &lt; 0) that satisfies the strong Wolfe conditions
 * <pre>
 *   φ(α) ≤ φ(0) + c₁ α φ'(0)      (sufficient decrease)
 *   |φ'(α)| ≤ c₂ |φ'(0)|           (curvature)
 * </pre>
 * with c₁ = {@value #C1}, c₂ = {@value #C2}. A part of its own, as in Hipparchus and SciPy, where the
 * line search is separate from the quasi-Newton direction and from the multi-start driver.
 *
 * <p>Algorithm: bracketing (Nocedal &amp; Wright, <i>Numerical Optimization</i>, 2nd ed., 2006,
 * Alg. 3.5: the trial step grows ×4 while sufficient decrease holds and φ' stays negative) and
 * zoom (Alg. 3.6) with the minimiser of the cubic interpolating both bracket ends' values and
 * derivatives (N&amp;W eq. 3.59), safeguarded to the middle 80 % of the bracket (else bisection).
 *
 * <p>Near the rounding floor, where the gradient is ~1e-8 and the decrease the Armijo test asks
 * for (~‖∇f‖²) is below the rounding error of f, it also accepts Hager–Zhang's approximate Wolfe
 * condition (Hager &amp; Zhang, SIAM J. Optim. 16(1), 2005, eq. 4.1):
 * φ(α) ≤ φ(0) + {@value #APPROXIMATE_WOLFE_SLACK}·|φ(0)| and φ'(α) ≤ (2c₁ − 1)φ'(0), which uses
 * derivative information only (exact for quadratics); comparisons of φ values ignore differences
 * below that slack, so the search is steered by the accurate φ' rather than by noise in φ.
 *
 * <p>If the curvature condition cannot be met within {@value #MAX_EVALUATIONS} evaluations (e.g.
 * at a kink of a projected path), the best step satisfying sufficient decrease is accepted.
 */
public final class LineSearch {
  /** Sufficient-decrease constant c₁ of the Wolfe conditions (N&amp;W's standard value). */
  public static final double C1 = 1e-4;
  /** Curvature constant c₂; 0.9 is the standard choice for quasi-Newton directions (N&amp;W §3.1). */
  public static final double C2 = 0.9;
  /** Function evaluations allowed per line search before it is declared failed. */
  public static final int MAX_EVALUATIONS = 40;
  /**
   * Relative slack of the approximate Wolfe test. The rounding error of f for our objectives (sums
   * of up to ~10⁶ terms of size O(f)) is at most ~1e-13·|f|; 1e-11 is a safe margin above it and
   * far below any decrease that matters for certification.
   */
  public static final double APPROXIMATE_WOLFE_SLACK = 1e-11;
  /** Growth of the trial step while bracketing. */
  static final double EXPANSION = 4;
  /** Zoom's safeguard: the cubic's step must lie this fraction of the bracket inside its ends. */
  static final double SAFEGUARD = 0.1;

  /** The path searched along, evaluated by the caller (who keeps the evaluated point). */
  public interface Path {
    /**
     * Evaluates φ at {@code step}; that point becomes the caller's trial point.
     *
     * @return φ'(step), or NaN if the value or gradient is not finite (then {@link #value} is +∞)
     */
    double derivative(double step);

    /** φ at the step last passed to {@link #derivative} (−∞ if unbounded below). */
    double value();
  }

  private LineSearch() {}

  /**
   * Searches from φ(0) = {@code phi0}, φ'(0) = {@code dphi0} &lt; 0, starting with {@code step0}.
   * On success the accepted step is the one {@code path} evaluated last.
   *
   * @return true if a step was accepted (also when φ is unbounded below: the caller reports that),
   *     false if none decreased φ within the budget
   */
  public static boolean search(Path path, double phi0, double dphi0, double step0) {
    double prevStep = 0;
    double prevPhi = phi0;
    double prevDphi = dphi0;
    double step = step0;
    int evaluations = 0;
    while (evaluations < MAX_EVALUATIONS) {
      double dphi = path.derivative(step);
      evaluations++;
      double phi = path.value();
      if (phi == Double.NEGATIVE_INFINITY) {
        return true; // unbounded below: accept, the caller reports divergence
      }
      if (!Double.isFinite(phi) || !sufficientDecrease(phi0, dphi0, step, phi, dphi)
          || (evaluations > 1 && phi > prevPhi + noise(phi0))) {
        return zoom(path, phi0, dphi0, prevStep, prevPhi, prevDphi, step, phi, dphi, evaluations);
      }
      if (Math.abs(dphi) <= -C2 * dphi0) {
        return true;
      }
      if (dphi >= 0) {
        return zoom(path, phi0, dphi0, step, phi, dphi, prevStep, prevPhi, prevDphi, evaluations);
      }
      prevStep = step;
      prevPhi = phi;
      prevDphi = dphi;
      step *= EXPANSION;
    }
    // sufficient decrease held at every tried step but curvature never did: accept the last
    return prevStep > 0 && evaluateAgain(path, phi0, prevStep);
  }

  /** Zoom (N&amp;W Alg. 3.6) between lo (sufficient decrease, lowest so far) and hi. */
  private static boolean zoom(Path path, double phi0, double dphi0, double aLo, double phiLo,
      double dphiLo, double aHi, double phiHi, double dphiHi, int evaluations) {
    while (evaluations < MAX_EVALUATIONS) {
      double width = aHi - aLo;
      if (Math.abs(width) <= 1e-16 * Math.max(Math.abs(aLo), Math.abs(aHi))) {
        break;
      }
      double a = Double.isFinite(phiHi) && Double.isFinite(dphiHi)
          ? cubicMinimizer(aLo, phiLo, dphiLo, aHi, phiHi, dphiHi) : Double.NaN;
      double left = Math.min(aLo, aHi) + SAFEGUARD * Math.abs(width);
      double right = Math.max(aLo, aHi) - SAFEGUARD * Math.abs(width);
      if (!(a >= left && a <= right)) {
        a = 0.5 * (aLo + aHi);
      }
      double dphi = path.derivative(a);
      evaluations++;
      double phi = path.value();
      if (!Double.isFinite(phi) || !sufficientDecrease(phi0, dphi0, a, phi, dphi)
          || phi > phiLo + noise(phi0)) {
        aHi = a;
        phiHi = phi;
        dphiHi = dphi;
      } else {
        if (Math.abs(dphi) <= -C2 * dphi0) {
          return true;
        }
        if (dphi * (aHi - aLo) >= 0) {
          aHi = aLo;
          phiHi = phiLo;
          dphiHi = dphiLo;
        }
        aLo = a;
        phiLo = phi;
        dphiLo = dphi;
      }
    }
    return aLo > 0 && evaluateAgain(path, phi0, aLo);
  }

  /** Re-evaluates an earlier acceptable step (the caller keeps only the last evaluated point). */
  private static boolean evaluateAgain(Path path, double phi0, double step) {
    path.derivative(step);
    double phi = path.value();
    return Double.isFinite(phi) && phi <= phi0 + APPROXIMATE_WOLFE_SLACK * Math.abs(phi0);
  }

  /**
   * Differences of φ below this are rounding noise: comparisons of φ values use it, so that near
   * the optimum the search is steered by the (accurate) derivative φ' rather than by noise in φ.
   */
  private static double noise(double phi0) {
    return APPROXIMATE_WOLFE_SLACK * Math.abs(phi0);
  }

  /** Armijo's sufficient decrease, or Hager–Zhang's approximate Wolfe condition (class comment). */
  static boolean sufficientDecrease(double phi0, double dphi0, double step, double phi,
      double dphi) {
    if (phi <= phi0 + C1 * step * dphi0) {
      return true;
    }
    return phi <= phi0 + noise(phi0) && dphi <= (2 * C1 - 1) * dphi0;
  }

  /**
   * Minimiser of the cubic interpolating (a, fa, da) and (b, fb, db) (N&amp;W eq. 3.59); NaN if
   * the cubic has none.
   */
  static double cubicMinimizer(double a, double fa, double da, double b, double fb, double db) {
    double d1 = da + db - 3 * (fa - fb) / (a - b);
    double disc = d1 * d1 - da * db;
    if (!(disc >= 0)) {
      return Double.NaN;
    }
    double d2 = Math.signum(b - a) * Math.sqrt(disc);
    return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
  }
}
