package ncverify.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ncverify.problem.Loss;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.junit.jupiter.api.Test;

/**
 * The smoothed-loss ETF scales (Zhou et al. 2022 geometry, theorem number unconfirmed; scales derived in
 * proofs/zhou-*-balanced-ufm.m) against an independent route: a dense grid scan of G polished by
 * Commons Math's BrentOptimizer (a minimiser, not the root finder the theory uses); the collapse
 * thresholds against brute force; the explicit point against the full UFM objective. Negative
 * controls: the CE scale is not stationary for LS, and the naive threshold "G'(0) ≥ 0" is wrong for
 * the focal loss at large K.
 */
class SmoothedEtfTheoryTest {
  /** Agreement of two scalar minimisations of a smooth 1-D function: round-off of G is ~1e-16
   * relative, so minimisers agree to ~√ε ≈ 1e-8 relative (flat bottom); 1e-6 is well above that. */
  private static final double ARGMIN_TOLERANCE = 1e-6;
  /** Values at the two minimisers agree to round-off (quadratic bottom). */
  private static final double VALUE_TOLERANCE = 1e-12;
  /** Relative gradient residual of the explicit point: products of O(1) numbers, ~1e-15; 1e-9 is the certificate scale. */
  private static final double STATIONARY = 1e-9;

  /** n = 2 and λ_W = λ_H = s/√2 give √(nλ_Wλ_H) = s. */
  private static Setting setting(String loss, int k, double s, String bias, int d) {
    double lambda = s / Math.sqrt(2);
    return Setting.parse("loss=" + loss + " bias=" + bias + " features=free n=" + "2,".repeat(k - 1)
        + "2 d=" + d + " M=1 lambdaW=" + lambda + " lambdaH=" + lambda);
  }

  /** argmin of G on [0, 60] by a 6000-point grid, polished by Brent's minimiser around the best point. */
  private static double bruteArgmin(Setting s) {
    double best = 0;
    double bestValue = SmoothedEtfTheory.g(s, 0);
    for (int i = 1; i <= 6000; i++) {
      double rho = i * 0.01;
      double v = SmoothedEtfTheory.g(s, rho);
      if (v < bestValue) {
        best = rho;
        bestValue = v;
      }
    }
    // polished also from 0: near a continuous collapse the minimiser lies below the grid step
    double polished = new BrentOptimizer(1e-14, 1e-300).optimize(new MaxEval(10_000),
        GoalType.MINIMIZE, new UnivariateObjectiveFunction(r -> SmoothedEtfTheory.g(s, r)),
        new SearchInterval(Math.max(0, best - 0.01), best + 0.01)).getPoint();
    double g0 = SmoothedEtfTheory.g(s, 0);
    return SmoothedEtfTheory.g(s, polished) < g0 - 1e-15 * Math.abs(g0) ? polished : 0;
  }

  @Test
  void scalesAreTheGlobalMinimisersOfTheScalarProblem() {
    String[] losses = {"ls smoothing=0", "ls smoothing=0.05", "ls smoothing=0.3", "ls smoothing=0.7",
        "focal gamma=0", "focal gamma=0.5", "focal gamma=1", "focal gamma=2", "focal gamma=5"};
    int checked = 0;
    for (String loss : losses) {
      for (int k : new int[] {2, 3, 5, 10, 30}) {
        for (double s : new double[] {1e-4, 1e-3, 1e-2, 0.03, 0.1}) {
          Setting st = setting(loss, k, s, "none", k);
          SmoothedEtfTheory.Scale scale = SmoothedEtfTheory.solve(st);
          double brute = bruteArgmin(st);
          String where = st.toString();
          assertEquals(brute, scale.rho(), ARGMIN_TOLERANCE * Math.max(1, brute), where);
          double g = SmoothedEtfTheory.g(st, scale.rho());
          assertTrue(g <= SmoothedEtfTheory.g(st, brute) + VALUE_TOLERANCE * Math.abs(g), where);
          if (scale.rho() > 0) {
            assertTrue(scale.secondDerivative() > 0, "second-order condition at " + where);
            assertTrue(scale.bracketLo() <= scale.rho() && scale.rho() <= scale.bracketHi());
            assertTrue(scale.bracketHi() - scale.bracketLo() <= 2 * SmoothedEtfTheory.MAX_BRACKET * scale.rho());
          }
          checked++;
        }
      }
    }
    assertEquals(225, checked);
  }

  @Test
  void labelSmoothingScaleIsTheClosedForm() {
    for (double alpha : new double[] {0, 0.1, 0.5}) {
      for (double s : new double[] {1e-3, 0.01, 0.05}) {
        Setting st = setting("ls smoothing=" + alpha, 4, s, "none", 4);
        double expected = 4 * s + alpha < 1 ? Math.log(1 / (s + alpha / 4) - 3) : 0;
        assertEquals(expected, SmoothedEtfTheory.solve(st).rho(), 1e-14 * Math.max(1, expected));
      }
    }
    // α = 0 is Zhu et al.'s CE scale, from the CE theory
    Setting ce = setting("ce", 4, 0.02, "none", 4);
    assertEquals(CeBalancedEtfTheory.solve(ce).argmin(),
        SmoothedEtfTheory.solve(setting("ls smoothing=0", 4, 0.02, "none", 4)).rho(), 1e-12);
  }

  @Test
  void collapseThresholdsAreExact() {
    Loss[] losses = {new Loss.LabelSmoothing(0.2), new Loss.Focal(0), new Loss.Focal(2),
        new Loss.Focal(5), new Loss.Focal(0.5)};
    for (Loss loss : losses) {
      for (int k : new int[] {3, 10, 30, 100}) {
        double sc = SmoothedEtfTheory.collapseThreshold(loss, k);
        String word = loss instanceof Loss.LabelSmoothing ls ? "ls smoothing=" + ls.alpha()
            : "focal gamma=" + ((Loss.Focal) loss).gamma();
        // ±1e-3: closer, a continuous transition leaves G(ρ*) − G(0) ~ ρ*² below the tie rule
        // (ScalarMinimizer.TIE_RELATIVE_TOLERANCE), where 0 is chosen and flagged at threshold
        Setting below = setting(word, k, sc * (1 - 1e-3), "none", k);
        Setting above = setting(word, k, sc * (1 + 1e-3), "none", k);
        assertTrue(SmoothedEtfTheory.solve(below).rho() > 0, "live below " + below);
        assertEquals(0, SmoothedEtfTheory.solve(above).rho(), "collapsed above " + above);
        assertTrue(bruteArgmin(below) > 0, "brute force live below " + below);
        assertEquals(0, bruteArgmin(above), "brute force collapsed above " + above);
      }
    }
    assertEquals(0.8 / 3, SmoothedEtfTheory.collapseThreshold(new Loss.LabelSmoothing(0.2), 3), 1e-15);
    assertEquals(1.0 / 7, SmoothedEtfTheory.collapseThreshold(new Loss.Focal(0), 7), 1e-15);
  }

  /**
   * Focal loss, K = 30, γ = 2: G is concave near 0, so collapse is a jump. Negative control: the
   * naive rule "collapsed iff G'(0) ≥ 0" disagrees with the exact threshold there.
   */
  @Test
  void focalCollapseAtLargeKIsAJump() {
    Loss focal = new Loss.Focal(2);
    double sc = SmoothedEtfTheory.collapseThreshold(focal, 30);
    Setting below = setting("focal gamma=2", 30, sc * (1 - 1e-6), "none", 30);
    double rho = SmoothedEtfTheory.solve(below).rho();
    // a continuous transition would leave ρ* ~ 1e-6 here (compare K = 3 in collapseThresholdsAreExact)
    assertTrue(rho > 0.5, "the scale jumps from a finite margin, got " + rho);
    assertEquals(0, SmoothedEtfTheory.solve(setting("focal gamma=2", 30, sc * (1 + 1e-6), "none", 30)).rho());
    double naive = SmoothedEtfTheory.psi(2, 30, 0) / 29; // G'(0) = 0 there
    assertTrue(naive < sc * (1 - 1e-3), "naive " + naive + " vs exact " + sc);
    assertTrue(SmoothedEtfTheory.solve(setting("focal gamma=2", 30, 0.5 * (naive + sc), "none", 30)).rho() > 0);
  }

  @Test
  void explicitPointIsStationaryWithThePredictedValue() {
    String[][] cases = {{"ls smoothing=0.1", "none"}, {"ls smoothing=0.4", "free"},
        {"focal gamma=1", "none"}, {"focal gamma=3", "none"}};
    for (String[] c : cases) {
      for (int d : new int[] {3, 5}) {
        Setting st = setting(c[0], 4, 0.01, c[1], d);
        SmoothedEtfTheory theory = new SmoothedEtfTheory(c[0].startsWith("ls")
            ? SmoothedEtfTheory.Kind.LS : SmoothedEtfTheory.Kind.FOCAL);
        assertTrue(theory.covers(st), st.toString());
        Prediction p = theory.predict(st);
        assertEquals(p.optimalValue(), new Objective(st).value(p.minimiser()),
            1e-12 * p.optimalValue(), st.toString());
        assertTrue(Stationarity.relativeResidual(st, p.minimiser()) < STATIONARY, st.toString());
      }
    }
  }

  @Test
  void negativeControlCrossEntropyScaleIsNotStationaryForLabelSmoothing() {
    Setting st = setting("ls smoothing=0.2", 4, 0.01, "none", 4);
    double ceScale = CeBalancedEtfTheory.solve(setting("ce", 4, 0.01, "none", 4)).argmin();
    Prediction wrong = new SmoothedEtfTheory(SmoothedEtfTheory.Kind.LS).build(st, ceScale, false, 0);
    assertTrue(Stationarity.relativeResidual(st, wrong.minimiser()) > 1e-3);
  }

  @Test
  void domainOfTheTheory() {
    SmoothedEtfTheory ls = new SmoothedEtfTheory(SmoothedEtfTheory.Kind.LS);
    SmoothedEtfTheory focal = new SmoothedEtfTheory(SmoothedEtfTheory.Kind.FOCAL);
    assertTrue(ls.covers(setting("ls smoothing=0.1", 4, 0.01, "none", 3)), "d = K-1 suffices");
    assertFalse(ls.covers(setting("ls smoothing=0.1", 4, 0.01, "none", 2)), "d < K-1");
    assertFalse(ls.covers(setting("focal gamma=1", 4, 0.01, "none", 4)));
    assertFalse(focal.covers(setting("focal gamma=1", 4, 0.01, "free", 4)), "focal with bias");
    assertFalse(ls.covers(Setting.parse("loss=ls smoothing=0.1 bias=none features=free n=2,3 d=2 M=1 lambdaW=0.01 lambdaH=0.01")), "imbalanced");
    assertFalse(ls.covers(Setting.parse("loss=ls smoothing=0.1 bias=none features=free n=2,2 d=2 M=2 lambdaW=0.01 lambdaH=0.01")), "M = 2");
    assertEquals("zhou-ls-balanced-ufm", Theories.forSetting(setting("ls smoothing=0.1", 3, 0.01, "none", 3)).orElseThrow().family());
    assertEquals("zhou-focal-balanced-ufm", Theories.forSetting(setting("focal gamma=1", 3, 0.01, "none", 3)).orElseThrow().family());
  }
}
