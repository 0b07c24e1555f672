package ncverify.theory;

import java.util.Arrays;
import ncverify.measure.Matrices;
import ncverify.measure.PointGeometry;
import ncverify.problem.Layout;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import ncverify.train.Certificate;
import ncverify.train.Lbfgs;
import ncverify.train.Run;

/**
 * The fallback for settings no closed form covers (issue 13, items 3 and 6: CE with d &lt; K − 1,
 * imbalanced deep CE, ReLU features with M ≥ 2, a regularised bias outside the balanced MSE
 * case, MSE with H ≥ 0 and a free bias): the lowest <b>certified</b> critical point (L-BFGS to
 * residual ≤ {@link Certificate#CERTIFIED}) of {@link #INIT_SCALES}.length × {@link #RESTARTS}
 * random restarts from fixed seeds. Its value is an upper bound on f*, never a proven optimum:
 * {@link Prediction#isCandidate()} is true and the family id says "numerical". Quantities are
 * measured on the point (no formula), so {@link Prediction#valueErrorBound()} is 0: the value is
 * exactly that of the reported point.
 */
public final class NumericalTheory implements Theory {
  public static final String FAMILY = "numerical-best-point";
  /** Initial scales: small ones find the collapsed point for M ≥ 2, large ones partial solutions. */
  static final double[] INIT_SCALES = {0.3, 1.0, 3.0};
  /** Restarts per scale (deterministic seeds 1…): 9 certified runs in all. */
  static final int RESTARTS = 3;
  /**
   * A class mean below this fraction of max(1, largest mean) is reported collapsed: certified
   * points are accurate to ~r/μ ≈ 1e-6 and live means in these problems are ≥ 1e-2.
   */
  static final double COLLAPSED_FRACTION = 1e-4;

  @Override
  public String family() {
    return FAMILY;
  }

  /** The number of restarts behind a numerical best point. */
  public static int restarts() {
    return INIT_SCALES.length * RESTARTS;
  }

  /** Whether a prediction is a numerical best point (not a closed form). */
  public static boolean isNumerical(Prediction p) {
    return FAMILY.equals(p.family());
  }

  @Override
  public boolean covers(Setting s) {
    return Families.positiveRegularisers(s);
  }

  /** A numerical best point needs no closed form: ReLU heads too (issue 13 items 6 and 7). */
  @Override
  public boolean coversActivation(ncverify.problem.Activation a) {
    return true;
  }

  @Override
  public Prediction predict(Setting s) {
    Objective f = new Objective(s);
    Lbfgs lbfgs = new Lbfgs(Lbfgs.Options.defaults());
    Run best = null;
    long seed = 0;
    for (double scale : INIT_SCALES) {
      for (int r = 0; r < RESTARTS; r++) {
        Run run = lbfgs.minimize(f, ++seed, scale);
        if (run.residual() <= Certificate.CERTIFIED && (best == null || run.objective() < best.objective())) {
          best = run;
        }
      }
    }
    if (best == null) {
      throw new IllegalStateException("no restart reached a certified critical point (residual <= "
          + Certificate.CERTIFIED + ")");
    }
    return atPoint(s, best.x(), best.objective());
  }

  /** The prediction "this point", with every quantity measured on it. */
  static Prediction atPoint(Setting s, double[] x, double value) {
    PointGeometry g = PointGeometry.of(s, x);
    double[] hn = g.hNormSq();
    double largest = Arrays.stream(hn).max().orElse(0);
    double cut = COLLAPSED_FRACTION * COLLAPSED_FRACTION * Math.max(1, largest);
    int[] collapsed = java.util.stream.IntStream.range(0, s.K()).filter(k -> hn[k] <= cut).toArray();
    Layout layout = new Layout(s);
    double[][] sv = new double[s.depth()][];
    for (int m = 1; m <= s.depth(); m++) {
      sv[m - 1] = Matrices.singularValues(layout.wMatrix(x, m));
    }
    return new Prediction(FAMILY, s, value, collapsed, g.wNormSq(), hn, g.margins(), g.wGram(),
        g.hGram(), null, g.logits(), g.bias(), sv, x.clone(), false, 0, true);
  }
}
