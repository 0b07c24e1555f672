package ncverify.train;

import ncverify.problem.Objective;
import ncverify.problem.ProfiledMse;

/**
 * A second search from an uncertified point of an MSE problem with free features and a linear
 * head: L-BFGS on the profiled problem ({@link ProfiledMse}: H and b minimised out in closed form,
 * which removes the curved fit manifold that makes first-order methods crawl at vanishing λ,
 * condition ~1/λ), from the point's own weights; then the lifted point is polished and certified on
 * the full objective, by L-BFGS (the certifying optimiser, anchored where outputs cancel) and, where
 * that stops short, by the scale-free trust-region Newton from its end
 * ({@link TrustRegionNewton.Options#withScaleFree}: {@link Certificate#residual}, exact Hessian
 * products, the anchored form), which finished 3 of the 4 measured cases L-BFGS left at a residual
 * ~1e-6 in 1–4 Newton steps.
 *
 * <p>Measured on the -Psoundness settings of p1-mse-imbalanced-bias with λ ≤ 1e-6 where every
 * L-BFGS run used its 2 000 iterations uncertified: from those end points the profiled search
 * reaches f* to ~1e-14 relative in 40–2 000 iterations, and the full problem's polish certifies.
 *
 * <p>Where it runs: {@link CertifiedSearch} (the verifier's escalation, the class-mean search)
 * after its full-problem L-BFGS polish ends uncertified. Not on the first search's random
 * restarts: measured on the same settings, there it saved nothing on p1-mse-imbalanced-bias
 * (the escalation's first ray then certifies) and added ~10% CPU to the bias-free deep-MSE claims'
 * vanishing-λ settings, which the escalation's first ray settles without it.
 */
public final class ProfiledPolish {
  private ProfiledPolish() {}

  /**
   * Residual on the profiled problem at which its search hands over to Newton on the full one:
   * the profiled value is computed from the plain (unanchored) outputs, so its residual stalls at
   * ~1e-7 at λ ~ 1e-9 (round-off); measured, points at 1e-6 are already at f* to ~1e-15 relative
   * and inside Newton's basin, while a tighter target only spent the iteration budget.
   */
  static final double SEARCH_RESIDUAL = 1e-6;

  /**
   * Cap on each L-BFGS stage (profiled search, full-problem polish), below the caller's budget
   * where that is larger: measured, the profiled search needs 40–2 000 iterations and the full
   * polish 90–700 from its end; beyond that a stage only repeats the crawl the polish exists to
   * avoid, at the cost of the default verify's 20 000-iteration budget per run.
   */
  static final int STAGE_ITERATIONS = 2_000;

  /**
   * Trust-region Newton steps after the full-problem L-BFGS: measured, 1–4 steps certify from its
   * end where it stopped at a residual ~1e-6; a run that needs many more is not converging there.
   */
  static final int NEWTON_STEPS = 50;

  /** Whether the polish applies to f (MSE, free features, linear head; full problem). */
  public static boolean applies(Objective f) {
    return ProfiledMse.covers(f.setting()) && !f.weighted();
  }

  /**
   * The polished run from x, or null when it applies nowhere (see {@link #applies}) or the
   * profiled search diverged.
   *
   * @param maxIterations the caller's L-BFGS budget per run (each stage uses at most
   *     {@link #STAGE_ITERATIONS} of it)
   * @param tolerance the certificate's residual for the Newton polish
   */
  public static Run from(Objective f, double[] x, int maxIterations, double tolerance) {
    if (!applies(f)) {
      return null;
    }
    ProfiledMse g = new ProfiledMse(f.setting());
    int budget = Math.min(maxIterations, STAGE_ITERATIONS);
    Run searched = new Lbfgs(Lbfgs.Options.defaults().withMaxIterations(budget)
        .withTolerance(SEARCH_RESIDUAL)).minimize(g, g.weights(x));
    if (!Double.isFinite(searched.objective())) {
      return null;
    }
    double[] lifted;
    try {
      lifted = g.lift(searched.x());
    } catch (org.hipparchus.exception.MathIllegalArgumentException e) {
      return null; // the search ended where the inner problem is singular in double precision
    }
    Run lbfgs = new Lbfgs(Lbfgs.Options.defaults().withMaxIterations(budget)
        .withTolerance(tolerance)).minimize(f, lifted);
    Run polished = lbfgs;
    String how = "L-BFGS " + lbfgs.iterations() + " iterations";
    if (!lbfgs.certified(tolerance) && Double.isFinite(lbfgs.objective())) {
      Run newton = new TrustRegionNewton(TrustRegionNewton.Options.defaults().withTolerance(tolerance)
          .withMaxIterations(NEWTON_STEPS).withScaleFree()).minimize(f, lbfgs.x());
      if (newton.certified(tolerance) || newton.objective() < lbfgs.objective()) {
        polished = newton;
        how += ", then " + newton.detail();
      }
    }
    return new Run(polished.x(), polished.objective(), polished.residual(),
        searched.iterations() + lbfgs.iterations() + (polished == lbfgs ? 0 : polished.iterations()),
        searched.seconds() + lbfgs.seconds() + (polished == lbfgs ? 0 : polished.seconds()),
        polished.termination(), "profiled L-BFGS " + searched.iterations() + " iterations, then on "
        + "the full problem " + how, "profiled-lbfgs+" + polished.optimizer(), null, polished.history());
  }

  /**
   * {@code run}, or its profiled polish from its end point when run is uncertified and the polish
   * is certified or lower; null in place of run means "unchanged".
   */
  public static Run improve(Objective f, Run run, int maxIterations, double tolerance) {
    if (run.certified(tolerance) || !Double.isFinite(run.objective()) || !applies(f)) {
      return null;
    }
    Run p = from(f, run.x(), maxIterations, tolerance);
    if (p == null) {
      return null;
    }
    return p.certified(tolerance) || p.objective() < run.objective() ? p : null;
  }
}
