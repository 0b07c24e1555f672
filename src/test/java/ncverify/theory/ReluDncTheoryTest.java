package ncverify.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ncverify.problem.Activation;
import ncverify.problem.Objective;
import ncverify.problem.Setting;
import ncverify.train.Certificate;
import org.junit.jupiter.api.Test;

/**
 * {@link ReluDncTheory}: its value against the scalar problem of proofs/sukenik-relu-dnc-binary.m,
 * minimised here by a dense scan and golden-section refinement (an independent route), its point
 * evaluated by the ReLU objective, and coverage (only ReLU heads; linear families never cover them).
 */
class ReluDncTheoryTest {
  static final String[] SETTINGS = {
      "loss=mse bias=none features=free n=3,3 d=2 M=3 widths=4,4 lambdaW=0.005 lambdaH=0.005 activation=relu",
      "loss=mse bias=none features=free n=2,2,2 d=4 M=3 widths=5,3 lambdaW=0.003,0.01,0.002 lambdaH=0.004 activation=relu",
      "loss=mse bias=none features=free n=1,1,1,1 d=4 M=5 widths=6,6,6,6 lambdaW=0.003 lambdaH=0.003 activation=relu",
      "loss=mse bias=none features=free n=4,4 d=3 M=2 widths=3 lambdaW=0.3 lambdaH=0.2 activation=relu",
  };

  /** min over z in [0, 1] of ½(1 − z)² + (K(M+1)/2) q z^{2/(M+1)}, q = (n λ_H Π λ_m)^{1/(M+1)}. */
  static double scalarMinimum(Setting s, double coefficientFactor) {
    int m = s.depth();
    double q = Math.pow(s.count(0) * s.lambdaH() * s.lambdaWProduct(), 1.0 / (m + 1));
    double c = coefficientFactor * s.K() * (m + 1) / 2.0 * q;
    java.util.function.DoubleUnaryOperator f = z -> 0.5 * (1 - z) * (1 - z) + c * Math.pow(z, 2.0 / (m + 1));
    double best = f.applyAsDouble(0);
    double bestZ = 0;
    int grid = 20000;
    for (int i = 1; i <= grid; i++) {
      double z = (double) i / grid;
      double v = f.applyAsDouble(z);
      if (v < best) {
        best = v;
        bestZ = z;
      }
    }
    if (bestZ > 0) {
      double lo = Math.max(0, bestZ - 1.0 / grid), hi = Math.min(1, bestZ + 1.0 / grid);
      for (int it = 0; it < 200; it++) {
        double a = lo + (hi - lo) * 0.381966, b = lo + (hi - lo) * 0.618034;
        if (f.applyAsDouble(a) < f.applyAsDouble(b)) {
          hi = b;
        } else {
          lo = a;
        }
      }
      best = Math.min(best, f.applyAsDouble(0.5 * (lo + hi)));
    }
    return best;
  }

  /** The golden-section minimum is exact to ~1e-16 in z; values agree to rounding. */
  static final double AGREEMENT = 1e-12;

  @Test
  void valueIsTheScalarProblemsMinimumAndThePointHasIt() {
    for (String text : SETTINGS) {
      Setting s = Setting.parse(text);
      ReluDncTheory t = new ReluDncTheory();
      assertTrue(Theory.applies(t, s), text);
      Prediction p = t.predict(s);
      double expected = scalarMinimum(s, 1.0);
      assertEquals(expected, p.optimalValue(), AGREEMENT * Math.max(1, expected), text);
      Objective f = new Objective(s);
      double[] x = p.minimiser();
      assertEquals(p.optimalValue(), f.value(x), AGREEMENT, text);
      assertTrue(Certificate.residual(f, x) <= Certificate.CERTIFIED, text + ": DNC point certified");
      assertEquals(s.K() != 2, p.isCandidate(), "a theorem for K = 2 only");
    }
  }

  @Test
  void negativeControlAWrongPenaltyCoefficientDisagrees() {
    // the same scan with (M+1) replaced by M in the penalty's coefficient: the check must see it
    Setting s = Setting.parse(SETTINGS[1]);
    double wrong = scalarMinimum(s, (double) s.depth() / (s.depth() + 1));
    assertTrue(Math.abs(wrong - new ReluDncTheory().predict(s).optimalValue()) > 1e-4);
  }

  @Test
  void onlyReluHeadsAreCoveredAndLinearFamiliesNeverApplyToThem() {
    Setting relu = Setting.parse(SETTINGS[0]);
    Setting linear = relu.withActivation(Activation.LINEAR);
    assertFalse(Theory.applies(new ReluDncTheory(), linear));
    assertFalse(Theory.applies(new MseBiasFreeTheory(), relu));
    assertEquals(ReluDncTheory.FAMILY, Theories.forSetting(relu).orElseThrow().family());
    assertTrue(Theories.all().stream().filter(t -> Theory.applies(t, relu)).count() == 1);
    // narrow inner width (one neuron short of a class each) is outside the DNC family
    assertFalse(Theory.applies(new ReluDncTheory(),
        Setting.parse(SETTINGS[0].replace("widths=4,4", "widths=1,4"))));
  }
}
