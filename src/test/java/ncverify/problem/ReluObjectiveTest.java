package ncverify.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Random;
import ncverify.core.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * activation=relu (issue 13 item 7): the ReLU chain's value against an independent forward pass,
 * its gradient against central differences, its agreement with the linear head where every
 * pre-activation is positive, the kink rule of the certificate, and the setting key's errors.
 */
class ReluObjectiveTest {

  /** Random ReLU settings: every loss × bias × features, M = 2…4 (SettingGen's shapes with depth ≥ 2). */
  private static org.quicktheories.core.Gen<Setting> reluSettings() {
    return SettingGen.settings().map(s -> s.depth() >= 2 ? s.withActivation(Activation.RELU)
        : Setting.parse(s.toString().replace(" M=1", " M=2")).withActivation(Activation.RELU))
        .describedAs(Setting::toString);
  }

  @Test
  void analyticGradientMatchesCentralDifferences() {
    qt().withFixedSeed(20261130L).withExamples(ObjectiveGradientTest.EXAMPLES)
        .forAll(reluSettings(), longs().all())
        .checkAssert((setting, seed) -> {
          Objective f = new Objective(setting);
          double worst = ObjectiveGradientTest.worstError(f, ObjectiveGradientTest.point(f, seed));
          assertTrue(worst < ObjectiveGradientTest.TOLERANCE, setting + " seed " + seed + ": " + worst);
        });
  }

  /** Negative control: the linear head's gradient offered as the ReLU objective's gradient. */
  @Test
  void negativeControlTheLinearGradientFailsTheSameCheck() {
    qt().withFixedSeed(20261130L).withExamples(ObjectiveGradientTest.EXAMPLES)
        .forAll(reluSettings(), longs().all())
        .checkAssert((setting, seed) -> {
          Objective relu = new Objective(setting);
          Objective linear = new Objective(setting.withActivation(Activation.LINEAR));
          DifferentiableFunction wrong = new DifferentiableFunction() {
            @Override public int dimension() { return relu.dimension(); }
            @Override public int[] nonnegativeRange() { return relu.nonnegativeRange(); }
            @Override public double value(double[] x) { return relu.value(x); }
            @Override public double valueAndGradient(double[] x, double[] g) {
              linear.valueAndGradient(x, g);
              return relu.value(x);
            }
          };
          double worst = ObjectiveGradientTest.worstError(wrong, ObjectiveGradientTest.point(relu, seed));
          assertTrue(worst >= ObjectiveGradientTest.TOLERANCE, setting + " seed " + seed
              + ": the linear gradient passed (" + worst + ")");
        });
  }

  /** The network written out sample by sample, independently of ReluChain's buffers. */
  static double independentValue(Setting s, double[] x) {
    Layout layout = new Layout(s);
    double[][] h = layout.hMatrix(x);
    int[] labels = s.labels();
    double total = 0;
    for (int i = 0; i < s.N(); i++) {
      double[] v = new double[s.d()];
      for (int r = 0; r < s.d(); r++) {
        v[r] = h[r][i];
      }
      for (int m = 1; m <= s.depth(); m++) {
        double[][] w = layout.wMatrix(x, m);
        double[] next = new double[w.length];
        for (int r = 0; r < w.length; r++) {
          for (int c = 0; c < v.length; c++) {
            next[r] += w[r][c] * v[c];
          }
          if (m < s.depth()) {
            next[r] = Math.max(0, next[r]);
          } else if (s.hasBias()) {
            next[r] += x[layout.bOffset() + r];
          }
        }
        v = next;
      }
      total += s.loss().value(v, 0, s.K(), labels[i]);
    }
    double value = total / s.N();
    for (int m = 1; m <= s.depth(); m++) {
      for (int e = layout.wOffset(m); e < layout.wOffset(m) + layout.wSize(m); e++) {
        value += 0.5 * s.lambdaW(m) * x[e] * x[e];
      }
    }
    for (int e = layout.hOffset(); e < layout.hOffset() + layout.hSize(); e++) {
      value += 0.5 * s.lambdaH() * x[e] * x[e];
    }
    if (s.bias() == Bias.REGULARIZED) {
      for (int r = 0; r < s.K(); r++) {
        value += 0.5 * s.lambdaB() * x[layout.bOffset() + r] * x[layout.bOffset() + r];
      }
    }
    return value;
  }

  /** Sums of ≤ 10³ terms of size O(1): the two routes agree to rounding. */
  static final double AGREEMENT = 1e-12;

  @Test
  void valueEqualsAnIndependentForwardPass() {
    qt().withFixedSeed(7L).withExamples(ObjectiveGradientTest.EXAMPLES)
        .forAll(reluSettings(), longs().all())
        .checkAssert((setting, seed) -> {
          Objective f = new Objective(setting);
          double[] x = ObjectiveGradientTest.point(f, seed);
          double a = f.value(x);
          double b = independentValue(setting, x);
          assertTrue(Math.abs(a - b) <= AGREEMENT * Math.max(1, Math.abs(b)), setting + ": " + a + " vs " + b);
        });
  }

  @Test
  void equalsTheLinearHeadWhereEveryPreActivationIsPositiveAndNotElsewhere() {
    Setting s = Setting.parse("loss=mse bias=none features=nonneg n=3,2,2 d=3 widths=4,3 M=3 "
        + "lambdaW=0.01 lambdaH=0.02 activation=relu");
    Objective relu = new Objective(s);
    Objective linear = new Objective(s.withActivation(Activation.LINEAR));
    // H ≥ 0 and W_1, W_2 ≥ 0 entrywise: every pre-activation is ≥ 0, so σ is the identity
    double[] x = ObjectiveGradientTest.point(relu, 11);
    Layout layout = relu.layout();
    for (int m = 1; m <= 2; m++) {
      for (int e = layout.wOffset(m); e < layout.wOffset(m) + layout.wSize(m); e++) {
        x[e] = Math.abs(x[e]) + 0.01;
      }
    }
    double[] gr = new double[x.length];
    double[] gl = new double[x.length];
    double vr = relu.valueAndGradient(x, gr);
    double vl = linear.valueAndGradient(x, gl);
    assertEquals(vl, vr, AGREEMENT * Math.max(1, vl));
    for (int i = 0; i < x.length; i++) {
      assertEquals(gl[i], gr[i], 1e-12 * Math.max(1, Math.abs(gl[i])), "coordinate " + i);
    }
    // negative control: with signs in W_1 some pre-activations are cut and the values differ
    double[] y = ObjectiveGradientTest.point(relu, 12);
    assertTrue(Math.abs(relu.value(y) - linear.value(y)) > 1e-6);
  }

  @Test
  void kinksWithNonNegativeOneSidedDerivativesCostNothingAndNegativeOnesDo() {
    // Two classes, M = 2, class k's hidden feature on neuron k only: pre-activation (k, other
    // class) is exactly 0, a kink. Output fits below the target (z < 1), so g_e = ∂f/∂z_e at the
    // kink is w_M·G = 0 for the off-diagonal output entries: no violation.
    Setting s = Setting.parse("loss=mse bias=none features=free n=1,1 d=2 M=2 lambdaW=0.01 "
        + "lambdaH=0.01 activation=relu");
    Objective f = new Objective(s);
    Layout layout = f.layout();
    double[] x = new double[f.dimension()];
    layout.setW(x, 1, new double[][] {{1, 0}, {0, 1}});
    layout.setW(x, 2, new double[][] {{0.5, 0}, {0, 0.5}});
    layout.setH(x, new double[][] {{1, 0}, {0, 1}});
    assertEquals(2, f.kinkCount(x));
    assertEquals(0.0, f.kinkViolation(x));
    // negative control: W_2[1][0] < 0 makes output 2 negative on class 1, so G_{2,1} < 0 and the
    // kink (neuron 2, class 1) has g_e = W_2[1][1]·G_{2,1} = 0.5·(−0.15) < 0: activating it helps.
    layout.setW(x, 2, new double[][] {{0.5, 0}, {-0.3, 0.5}});
    assertTrue(f.kinkViolation(x) > 0, "a kink with a negative one-sided derivative must count");
  }

  private static void assertExit2Naming(String key, Executable e) {
    InvalidInput err = org.junit.jupiter.api.Assertions.assertThrows(InvalidInput.class, e);
    assertTrue(err.getMessage().contains(key), err.getMessage());
  }

  @Test
  void settingKeyRoundTripsAndRefusesWhatMakesNoSense() {
    String text = "loss=mse bias=none features=free n=2,2,2 d=3 M=3 lambdaW=0.01 lambdaH=0.02 activation=relu";
    Setting s = Setting.parse(text);
    assertTrue(s.relu());
    assertEquals(s, Setting.parse(s.toString()));
    assertEquals(Activation.LINEAR, Setting.parse(text.replace(" activation=relu", "")).activation());
    assertEquals(Setting.parse(text.replace("relu", "linear")), Setting.parse(text.replace(" activation=relu", "")));
    assertExit2Naming("activation", () -> Setting.parse(text.replace("M=3", "M=1")));
    assertExit2Naming("activation", () -> Setting.parse(text.replace("relu", "tanh")));
    assertExit2Naming("activation", () -> Setting.parse(text.replace("relu", "")));
  }
}
