package ncverify.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ncverify.problem.Setting;
import org.junit.jupiter.api.Test;

class CeLogitConvexTheoryTest {
  /**
   * The numerically solved convex problem stalls at a duality gap ~1e-9 (flat directions of CE);
   * measured first-order residuals ~3e-9. 1e-6 allows that optimisation error yet is far below the
   * residual of a 2%-wrong point (negative control).
   */
  static final double GRADIENT_TOLERANCE = 1e-6;
  /** Certified: |f(point) − f*| ≤ gap, plus round-off. */
  static final double ROUND_OFF = 1e-12;
  /** Upper bound on the reported duality gap for these small cases (measured ≤ 3e-9). */
  static final double MAX_GAP = 1e-7;

  static final String[] CASES = {
      "loss=ce bias=none features=free n=30,10,5,2 d=4 M=1 lambdaW=1e-3 lambdaH=1e-3",
      "loss=ce bias=none features=free n=20,5 d=3 M=1 lambdaW=5e-3 lambdaH=2e-3",
      "loss=ce bias=none features=free n=40,30,4 d=5 M=1 lambdaW=1e-2 lambdaH=1e-3",
      "loss=ce bias=none features=free n=10,3,3 d=3 M=1 lambdaW=1 lambdaH=1"};

  @Test
  void solvedPointIsStationaryWithCertifiedValue() {
    for (String t : CASES) {
      Setting s = Setting.parse(t);
      Prediction p = Theories.forSetting(s).orElseThrow().predict(s);
      assertEquals("ce-imbalanced-logit-convex", p.family());
      assertTrue(p.valueErrorBound() < MAX_GAP, t + " gap " + p.valueErrorBound());
      double residual = Stationarity.relativeResidual(s, p.minimiser());
      assertTrue(residual < GRADIENT_TOLERANCE, t + " residual " + residual);
      double v = Stationarity.value(s, p.minimiser());
      assertEquals(p.optimalValue(), v, p.valueErrorBound() + ROUND_OFF, t);
      // The dual bound is a valid lower bound: the ReLU-constrained optimum (feasible set smaller)
      // cannot be below it.
      Setting relu = Setting.parse(t.replace("features=free", "features=nonneg"));
      double reluValue = new CeReluImbalancedTheory().predict(relu).optimalValue();
      assertTrue(reluValue >= p.optimalValue() - p.valueErrorBound() - ROUND_OFF, t);
    }
  }

  @Test
  void everythingCollapsesForHugeRegularisation() {
    Setting s = Setting.parse(CASES[3]);
    Prediction p = new CeLogitConvexTheory().predict(s);
    assertEquals(s.K(), p.collapsed().length);
    assertEquals(Math.log(s.K()), p.optimalValue(), ROUND_OFF);
  }

  @Test
  void negativeControlBalancedEtfOnImbalancedSettingIsNotStationary() {
    Setting s = Setting.parse(CASES[0]);
    Prediction p = new CeLogitConvexTheory().predict(s);
    // The balanced ETF construction (ρ from the ETF formula with n = n_1) on the imbalanced setting.
    Prediction etf = new CeBalancedEtfTheory().build(s, p.margins()[0], false);
    assertTrue(Stationarity.relativeResidual(s, etf.minimiser()) > 1e3 * GRADIENT_TOLERANCE);
    assertTrue(Stationarity.value(s, etf.minimiser()) > p.optimalValue() + p.valueErrorBound());
  }
}
