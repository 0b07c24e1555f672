package ncverify.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ProfiledMse}: its lift is the inner minimiser (the full gradient's H and b blocks vanish
 * there, and moving H off it raises f), and its gradient is the derivative of its value (central
 * differences), for a free, a regularised and no bias, M = 1 and M = 3.
 */
class ProfiledMseTest {
  private static final String[] SETTINGS = {
      "loss=mse bias=free features=free n=3,1,2 d=2 M=1 lambdaW=0.01 lambdaH=0.02",
      "loss=mse bias=free features=free n=2,3,1,2 d=3 M=3 lambdaW=1e-3 lambdaH=2e-3",
      "loss=mse bias=regularized features=free n=2,3,1 d=3 M=2 lambdaW=0.01 lambdaH=0.005 lambdaB=0.1",
      "loss=mse bias=none features=free n=2,1,3 d=3 M=2 lambdaW=0.01 lambdaH=0.02"};

  private static double[] randomWeights(ProfiledMse g, long seed) {
    Random r = new Random(seed);
    double[] w = new double[g.dimension()];
    for (int i = 0; i < w.length; i++) {
      w[i] = r.nextGaussian();
    }
    return w;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void theLiftMinimisesOverFeaturesAndBias(int which) {
    Setting s = Setting.parse(SETTINGS[which]);
    ProfiledMse g = new ProfiledMse(s);
    Objective f = new Objective(s);
    double[] x = g.lift(randomWeights(g, which));
    double[] grad = new double[x.length];
    double value = f.valueAndGradient(x, grad);
    double inner = 0;
    double outer = 0;
    for (int i = 0; i < x.length; i++) {
      if (i >= g.dimension()) {
        inner = Math.max(inner, Math.abs(grad[i]));
      } else {
        outer = Math.max(outer, Math.abs(grad[i]));
      }
    }
    assertTrue(inner <= 1e-12 * Math.max(1, outer), "H/b gradient " + inner + " (W: " + outer + ")");
    // Control: H moved off the inner minimum has a gradient there and a higher value.
    double[] moved = x.clone();
    moved[g.dimension()] += 1e-3;
    double[] movedGrad = new double[x.length];
    double movedValue = f.valueAndGradient(moved, movedGrad);
    assertTrue(Math.abs(movedGrad[g.dimension()]) > 1e3 * inner, "control gradient");
    assertTrue(movedValue > value, "control value");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void theGradientIsTheDerivativeOfTheValue(int which) {
    Setting s = Setting.parse(SETTINGS[which]);
    ProfiledMse g = new ProfiledMse(s);
    double[] w = randomWeights(g, 10 + which);
    double[] grad = new double[w.length];
    g.valueAndGradient(w, grad);
    double h = 1e-6;
    for (int i = 0; i < w.length; i++) {
      double[] plus = w.clone();
      double[] minus = w.clone();
      plus[i] += h;
      minus[i] -= h;
      double fd = (g.value(plus) - g.value(minus)) / (2 * h);
      assertEquals(fd, grad[i], 1e-6 * Math.max(1, Math.abs(fd)), "coordinate " + i);
    }
  }

  /**
   * Weights so large that μ = Nλ_H is lost against WᵀW (a line search's trial step at vanishing λ;
   * measured in the -Psoundness settings, where it ended the judgement with an exception) give a
   * NaN value and gradient for the optimiser to step back from: at every scale where the lift
   * finds WᵀW + μI not positive definite, valueAndGradient returns NaN; the test asserts that such
   * a scale exists (W_1 of rank one makes WᵀW singular) and that moderate weights are finite.
   */
  @org.junit.jupiter.api.Test
  void weightsThatDrownTheRegulariserGiveNaN() {
    Setting s = Setting.parse("loss=mse bias=free features=free n=9,10,7,4,10 d=5 M=4 "
        + "lambdaW=1e-10 lambdaH=3.16227766016838e-10");
    ProfiledMse g = new ProfiledMse(s);
    Layout layout = new Layout(s);
    double[] w = randomWeights(g, 3);
    for (int c = 1; c < layout.wCols(1); c++) {
      for (int r = 0; r < layout.wRows(1); r++) {
        // W_1 of rank one (equal columns): WᵀW singular, only μ keeps it definite
        w[layout.w(1, r, c)] = w[layout.w(1, r, 0)];
      }
    }
    double[] grad = new double[w.length];
    assertTrue(Double.isFinite(g.valueAndGradient(w, grad)), "control: moderate weights");
    int singular = 0;
    for (double scale = 1e2; scale <= 1e12; scale *= 10) {
      double[] big = w.clone();
      for (int i = 0; i < big.length; i++) {
        big[i] *= scale;
      }
      boolean throwsHere;
      try {
        g.lift(big);
        throwsHere = false;
      } catch (org.hipparchus.exception.MathIllegalArgumentException e) {
        throwsHere = true;
      }
      double v = g.valueAndGradient(big, grad);
      if (throwsHere) {
        singular++;
        assertTrue(Double.isNaN(v) && Double.isNaN(grad[0]), "scale " + scale);
      }
    }
    assertTrue(singular > 0, "no scale made the inner problem singular");
  }
}
