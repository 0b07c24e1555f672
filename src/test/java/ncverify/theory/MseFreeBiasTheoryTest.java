package ncverify.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import ncverify.problem.Bias;
import ncverify.problem.Setting;
import org.junit.jupiter.api.Test;

class MseFreeBiasTheoryTest {
  static final double GRADIENT_TOLERANCE = MseBiasFreeTheoryTest.GRADIENT_TOLERANCE;
  static final double VALUE_TOLERANCE = MseBiasFreeTheoryTest.VALUE_TOLERANCE;
  /** SVD-based quantities: round-off of a K×K SVD (~1e-15) with margin. */
  static final double FORMULA_TOLERANCE = 1e-9;
  static final int EXAMPLES = MseBiasFreeTheoryTest.EXAMPLES;

  @Test
  void predictedPointIsStationaryWithPredictedValueAndCentredMeans() {
    qt().withFixedSeed(21).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      Setting s = RandomSettings.mse(seed, Bias.FREE);
      Prediction p = Theories.forSetting(s).orElseThrow().predict(s);
      double residual = Stationarity.relativeResidual(s, p.minimiser());
      assertTrue(residual < GRADIENT_TOLERANCE, s + " residual " + residual);
      double v = Stationarity.value(s, p.minimiser());
      assertEquals(p.optimalValue(), v, VALUE_TOLERANCE * Math.max(1, v), s.toString());
      // h̄_G = Σ n_k h̄_k / N = 0 and b = n/N.
      double[][] hbar = ncverify.measure.PointGeometry.of(s, p.minimiser()).means();
      for (double[] row : hbar) {
        double g = 0;
        for (int c = 0; c < s.K(); c++) {
          g += s.count(c) * row[c] / s.N();
        }
        assertEquals(0, g, FORMULA_TOLERANCE, s.toString());
      }
      for (int c = 0; c < s.K(); c++) {
        assertEquals(s.count(c) / (double) s.N(), p.bias()[c], 1e-15);
      }
    });
  }

  @Test
  void balancedCaseMatchesTheorySimplexEtfFormulas() {
    for (String text : new String[] {
        "loss=mse bias=free features=free n=7,7,7,7 d=3 M=1 lambdaW=2e-3 lambdaH=1e-3",
        "loss=mse bias=free features=free n=10,10,10 d=2 M=3 lambdaW=1e-2 lambdaH=3e-3",
        "loss=mse bias=free features=free n=5,5,5,5,5 d=6 M=2 widths=4 lambdaW=1e-2,2e-2 lambdaH=1e-3"}) {
      Setting s = Setting.parse(text);
      Prediction p = Theories.forSetting(s).orElseThrow().predict(s);
      assertEquals("p1-mse-balanced-bias", p.family());
      int k = s.K();
      int n = s.count(0);
      double nl = s.N() * s.lambdaH();
      // THEORY §4: same scalar problem as bias-free with n_k = n, via P1's parametrisation.
      Setting biasFree = Setting.parse(text.replace("bias=free", "bias=none").replaceAll("d=\\d+", "d=" + k)
          .replaceAll("widths=\\d+", "widths=" + k));
      ScalarMinimizer.Result r = P1Parametrisation.solve(biasFree, 0);
      double t2 = nl * Math.pow(r.argmin(), s.depth());
      assertEquals((k - 1.0) / (2 * k) * r.value(), p.optimalValue(), VALUE_TOLERANCE);
      for (int a = 0; a < k; a++) {
        assertEquals(1.0 / k, p.bias()[a], 1e-15);
        for (int b = 0; b < k; b++) {
          double pab = (a == b ? 1 : 0) - 1.0 / k;
          assertEquals(t2 * pab, p.wGram()[a][b], FORMULA_TOLERANCE * Math.max(1, t2), text);
          assertEquals(t2 / ((t2 + nl) * (t2 + nl)) * pab, p.hGram()[a][b], FORMULA_TOLERANCE, text);
          assertEquals(t2 / (t2 + nl) * pab + 1.0 / k, p.logits()[a][b], FORMULA_TOLERANCE, text);
        }
      }
      if (s.depth() == 1) {
        double lw = s.lambdaW(1);
        double lh = s.lambdaH();
        double coef = Math.sqrt(n * lh / lw) * (1 - k * Math.sqrt(n * lw * lh));
        assertEquals(coef * (1 - 1.0 / k), p.wGram()[0][0], FORMULA_TOLERANCE * coef);
      }
    }
  }

  @Test
  void widthKMinusOneIsEnoughWithBias() {
    Setting s = Setting.parse("loss=mse bias=free features=free n=30,10,5 d=2 M=2 widths=2 lambdaW=1e-3 lambdaH=1e-3");
    Prediction p = Theories.forSetting(s).orElseThrow().predict(s);
    assertEquals("mse-imbalanced-bias", p.family());
    assertTrue(Stationarity.relativeResidual(s, p.minimiser()) < GRADIENT_TOLERANCE);
    assertEquals(p.optimalValue(), Stationarity.value(s, p.minimiser()), VALUE_TOLERANCE);
  }

  @Test
  void negativeControlBiasFreeOptimumWithZeroBiasIsWorse() {
    // The bias-free optimum (with b = 0) is a feasible point of the bias problem; its value
    // must exceed the prediction whenever anything is alive (imbalanced: the SVD of T matters).
    qt().withFixedSeed(22).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      Setting s = RandomSettings.mse(seed, Bias.FREE);
      Prediction p = Theories.forSetting(s).orElseThrow().predict(s);
      if (p.collapsed().length == s.K()) {
        return;
      }
      Setting noBias = Setting.parse(s.toString().replace("bias=free", "bias=none"));
      Prediction q = new MseBiasFreeTheory().predict(noBias);
      ncverify.problem.Layout lb = new ncverify.problem.Layout(s);
      double[] x = new double[lb.size()];
      System.arraycopy(q.minimiser(), 0, x, 0, q.minimiser().length);
      for (int c = 0; c < s.K(); c++) {
        x[lb.bOffset() + c] = 0; // bias-free point, with b = 0: loss as in the bias-free problem
      }
      double v = Stationarity.value(s, x);
      assertTrue(v > p.optimalValue() + 1e-12, s + " " + v + " vs " + p.optimalValue());
    });
  }
}
