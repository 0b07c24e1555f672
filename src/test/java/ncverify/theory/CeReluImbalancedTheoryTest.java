package ncverify.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import ncverify.problem.Setting;
import org.junit.jupiter.api.Test;

class CeReluImbalancedTheoryTest {
  static final double GRADIENT_TOLERANCE = MseBiasFreeTheoryTest.GRADIENT_TOLERANCE;
  static final double VALUE_TOLERANCE = MseBiasFreeTheoryTest.VALUE_TOLERANCE;
  static final double FORMULA_TOLERANCE = 1e-9;
  static final int EXAMPLES = MseBiasFreeTheoryTest.EXAMPLES;

  @Test
  void predictedPointSatisfiesKktAndHasThePredictedValue() {
    qt().withFixedSeed(41).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      Setting s = RandomSettings.ceRelu(seed);
      Prediction p = Theories.forSetting(s).orElseThrow().predict(s);
      assertEquals("p2-ce-relu-imbalanced", p.family());
      assertTrue(Arrays.stream(p.minimiser()).skip(0).allMatch(Double::isFinite));
      double residual = Stationarity.relativeResidual(s, p.minimiser());
      assertTrue(residual < GRADIENT_TOLERANCE, s + " KKT residual " + residual);
      assertTrue(Stationarity.minGradientOnZeroFeatures(s, p.minimiser()) >= -1e-15, s.toString());
      double v = Stationarity.value(s, p.minimiser());
      assertEquals(p.optimalValue(), v, VALUE_TOLERANCE * Math.max(1, v), s.toString());
    });
  }

  @Test
  void theoryClosedFormsAgreeWithThePoint() {
    qt().withFixedSeed(42).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      Setting s = RandomSettings.ceRelu(seed);
      Prediction p = new CeReluImbalancedTheory().predict(s);
      int k = s.K();
      double lw = s.lambdaW(1);
      double lh = s.lambdaH();
      double a = Math.sqrt(k * lh / ((k - 1.0) * lw));
      double[] computedMargins = ncverify.measure.PointGeometry.margins(p.logits());
      double[][] hbar = ncverify.measure.PointGeometry.of(s, p.minimiser()).means();
      double[][] w = new ncverify.problem.Layout(s).product(p.minimiser());
      for (int cls = 0; cls < k; cls++) {
        final int c = cls;
        int n = s.count(c);
        double ck = s.N() * Math.sqrt(lw * lh * (k - 1) / (k * (double) n));
        double mk = ck < 1 ? Math.max(0, Math.log((k - 1) * (1 / ck - 1))) : 0;
        assertEquals(mk, p.margins()[c], FORMULA_TOLERANCE * Math.max(1, mk), s.toString());
        assertEquals(mk, computedMargins[c], FORMULA_TOLERANCE * Math.max(1, mk), s.toString());
        assertEquals(mk / (a * Math.sqrt(n)), p.hNormSq()[c], FORMULA_TOLERANCE * Math.max(1, p.hNormSq()[c]));
        boolean collapsed = Arrays.stream(p.collapsed()).anyMatch(j -> j == c);
        assertEquals(n <= k / (k - 1.0) * s.N() * (double) s.N() * lw * lh * (1 + 1e-12), collapsed, s.toString());
        // W = a P D^{1/2} H̄ᵀ on the point.
        for (int r = 0; r < k; r++) {
          for (int col = 0; col < s.d(); col++) {
            double expected = 0;
            for (int j = 0; j < k; j++) {
              expected += a * ((r == j ? 1 : 0) - 1.0 / k) * Math.sqrt(s.count(j)) * hbar[col][j];
            }
            assertEquals(expected, w[r][col], FORMULA_TOLERANCE * Math.max(1, Math.abs(expected)));
          }
        }
      }
    });
  }

  @Test
  void negativeControlsFail() {
    qt().withFixedSeed(43).withExamples(EXAMPLES).forAll(longs().all()).checkAssert(seed -> {
      Setting s = RandomSettings.ceRelu(seed);
      CeReluImbalancedTheory theory = new CeReluImbalancedTheory();
      Prediction p = theory.predict(s);
      double[] m = p.margins().clone();
      int alive = -1;
      for (int c = 0; c < m.length; c++) {
        if (m[c] > 0) {
          alive = c;
        }
      }
      if (alive < 0) {
        return;
      }
      m[alive] *= 1.02;
      Prediction wrong = theory.build(s, m, false);
      assertTrue(Stationarity.value(s, wrong.minimiser()) > p.optimalValue(), s.toString());
      assertTrue(Stationarity.relativeResidual(s, wrong.minimiser()) > 1e3 * GRADIENT_TOLERANCE, s.toString());
      // Equal margins for every class (the balanced answer) on an imbalanced setting is worse.
      if (!s.balanced() && p.collapsed().length == 0) {
        double[] equal = new double[s.K()];
        Arrays.fill(equal, Arrays.stream(p.margins()).average().getAsDouble());
        Prediction balancedShape = theory.build(s, equal, false);
        assertTrue(Stationarity.value(s, balancedShape.minimiser()) > p.optimalValue(), s.toString());
      }
    });
  }
}
