package ncverify.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import ncverify.problem.Setting;
import org.junit.jupiter.api.Test;

class CeBalancedEtfTheoryTest {
  static final double GRADIENT_TOLERANCE = MseBiasFreeTheoryTest.GRADIENT_TOLERANCE;
  static final double VALUE_TOLERANCE = MseBiasFreeTheoryTest.VALUE_TOLERANCE;
  static final double FORMULA_TOLERANCE = 1e-9;
  static final int EXAMPLES = MseBiasFreeTheoryTest.EXAMPLES;

  @Test
  void etfIsStationaryWithPredictedValueAndGlobalAlongTheEtfRay() {
    qt().withFixedSeed(31).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      Setting s = RandomSettings.ceBalanced(seed);
      Prediction p = Theories.forSetting(s).orElseThrow().predict(s);
      assertEquals(s.depth() == 1 ? "zhu-ce-balanced-ufm" : "p1-ce-balanced-deep", p.family());
      double residual = Stationarity.relativeResidual(s, p.minimiser());
      assertTrue(residual < GRADIENT_TOLERANCE, s + " residual " + residual);
      double v = Stationarity.value(s, p.minimiser());
      assertEquals(p.optimalValue(), v, VALUE_TOLERANCE * Math.max(1, v), s.toString());
      // Independent check of the global selection: G on a fine grid is never below f*.
      double rho = p.margins()[0];
      double top = Math.max(4 * rho, 50);
      for (int i = 1; i <= 20_000; i++) {
        double x = top * i / 20_000.0;
        if (CeBalancedEtfTheory.g(s, x) < p.optimalValue() - 1e-12) {
          throw new AssertionError(s + ": G(" + x + ") below the predicted optimum");
        }
      }
      // Negative control: 2% longer ETF is worse and not stationary (when alive).
      if (rho > 0) {
        Prediction longer = new CeBalancedEtfTheory().build(s, rho * 1.02, false);
        assertTrue(Stationarity.value(s, longer.minimiser()) > p.optimalValue(), s.toString());
        assertTrue(Stationarity.relativeResidual(s, longer.minimiser()) > 1e3 * GRADIENT_TOLERANCE, s.toString());
      }
    });
  }

  @Test
  void zhuClosedFormsAgreeWithTheGeneralSolverForM1() {
    qt().withFixedSeed(32).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      Setting s = RandomSettings.ceBalanced(seed);
      if (s.depth() != 1) {
        return;
      }
      Prediction p = new CeBalancedEtfTheory().predict(s);
      int k = s.K();
      int n = s.count(0);
      double lw = s.lambdaW(1);
      double lh = s.lambdaH();
      double root = Math.sqrt(n * lw * lh);
      double rho = k * root < 1 ? Math.log(1 / root - (k - 1)) : 0;
      assertEquals(rho, p.margins()[0], FORMULA_TOLERANCE * Math.max(1, rho), s.toString());
      double f = Math.log1p((k - 1) * Math.exp(-rho)) + (k - 1) * root * rho;
      assertEquals(f, p.optimalValue(), VALUE_TOLERANCE, s.toString());
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          double pab = (a == b ? 1 : 0) - 1.0 / k;
          assertEquals(rho * Math.sqrt(n * lh / lw) * pab, p.wGram()[a][b], FORMULA_TOLERANCE * Math.max(1, rho * Math.sqrt(n * lh / lw)));
          assertEquals(rho * Math.sqrt(lw / (n * lh)) * pab, p.hGram()[a][b], FORMULA_TOLERANCE * Math.max(1, rho * Math.sqrt(lw / (n * lh))));
          // W = √(nλ_H/λ_W) H̄ᵀ ⇔ S = √(nλ_H/λ_W)·(projection onto 1^⊥)
          if (rho > 0) {
            assertEquals(Math.sqrt(n * lh / lw) * pab, p.alignment()[a][b], FORMULA_TOLERANCE * Math.sqrt(n * lh / lw));
          }
        }
      }
    });
  }

  @Test
  void deepEtfHasABandWhereTheLocalMinimumLoses() {
    // M = 3, K = 4, n = 10: scan λ_H upward; somewhere the ETF ray has a non-trivial local minimum
    // yet ρ = 0 is the global choice, and the tie point is flagged.
    Setting base = Setting.parse("loss=ce bias=none features=free n=10,10,10,10 d=4 M=3 lambdaW=1e-2 lambdaH=1e-3");
    boolean sawBand = false;
    for (double lh = 1e-4; lh < 1e8 && !sawBand; lh *= 1.05) {
      Setting s = base.withLambdas(base.lambdaW(), lh);
      ScalarMinimizer.Result r = CeBalancedEtfTheory.solve(s);
      if (r.rejectedLocalMinimum()) {
        sawBand = true;
        assertEquals(0, r.argmin());
        Prediction right = new CeBalancedEtfTheory().predict(s);
        Prediction largestRoot = new CeBalancedEtfTheory().build(s, r.largestCriticalPoint(), false);
        assertTrue(Stationarity.relativeResidual(s, largestRoot.minimiser()) < GRADIENT_TOLERANCE);
        assertTrue(Stationarity.value(s, largestRoot.minimiser()) > right.optimalValue() + 1e-9);
      }
    }
    assertTrue(sawBand, "no band found");
  }

  @Test
  void convexSolverAgreesWithEtfOnBalancedM1() {
    for (String t : new String[] {
        "loss=ce bias=none features=free n=10,10,10 d=3 M=1 lambdaW=1e-3 lambdaH=2e-3",
        "loss=ce bias=none features=free n=5,5,5,5 d=4 M=1 lambdaW=5e-3 lambdaH=1e-2"}) {
      Setting s = Setting.parse(t);
      Prediction etf = new CeBalancedEtfTheory().predict(s);
      Prediction convex = new CeLogitConvexTheory().predict(s);
      assertEquals(etf.optimalValue(), convex.optimalValue(), convex.valueErrorBound() + 1e-12, t);
    }
  }
}
