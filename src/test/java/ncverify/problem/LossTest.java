package ncverify.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every loss (label smoothing and focal loss at several α, γ): the per-sample value and the logit
 * gradient agree with central differences; the values are checked against their definitions
 * computed the naive way; negative controls: another loss's gradient, or LS/focal with another
 * parameter, fails the same check.
 */
class LossTest {
  private static final List<Loss> SMOOTHED = List.of(new Loss.LabelSmoothing(0),
      new Loss.LabelSmoothing(0.05), new Loss.LabelSmoothing(0.3), new Loss.LabelSmoothing(0.9),
      new Loss.Focal(0), new Loss.Focal(0.5), new Loss.Focal(1), new Loss.Focal(2),
      new Loss.Focal(5));

  /** Central differences with step 1e-5 on O(1) logits: truncation ~1e-10, round-off ~1e-11. */
  private static final double GRADIENT_TOLERANCE = 1e-7;
  private static final double STEP = 1e-5;

  @Test
  void gradientMatchesFiniteDifferencesForEveryLoss() {
    Random random = new Random(3);
    List<Loss> all = new java.util.ArrayList<>(Loss.examples());
    all.addAll(SMOOTHED);
    for (Loss loss : all) {
      for (int trial = 0; trial < 20; trial++) {
        int k = 2 + random.nextInt(5);
        int label = random.nextInt(k);
        double[] z = random.doubles(k + 2, -3, 3).toArray();
        assertTrue(maxGradientError(loss, loss, z, k, label) < GRADIENT_TOLERANCE, loss.toString());
      }
    }
  }

  @Test
  void negativeControlAnotherParameterFails() {
    double[] z = {0.3, -1.2, 2.0, 0.1, 0.7};
    assertTrue(maxGradientError(new Loss.LabelSmoothing(0.1), new Loss.LabelSmoothing(0.3), z, 4, 1) > 1e-2);
    assertTrue(maxGradientError(new Loss.Focal(2), new Loss.Focal(1), z, 4, 1) > 1e-2);
    assertTrue(maxGradientError(new Loss.Focal(2), Loss.CE, z, 4, 1) > 1e-2);
    assertTrue(maxGradientError(new Loss.LabelSmoothing(0.2), Loss.CE, z, 4, 1) > 1e-2);
  }

  /** The definitions, computed directly from p = softmax(z) (fine for O(1) logits). */
  @Test
  void smoothedValuesMatchTheirDefinitions() {
    Random random = new Random(5);
    for (int trial = 0; trial < 50; trial++) {
      int k = 2 + random.nextInt(6);
      int y = random.nextInt(k);
      double[] z = random.doubles(k, -4, 4).toArray();
      double[] p = new double[k];
      double sum = 0;
      for (int c = 0; c < k; c++) {
        sum += Math.exp(z[c]);
      }
      for (int c = 0; c < k; c++) {
        p[c] = Math.exp(z[c]) / sum;
      }
      double alpha = random.nextDouble() * 0.99;
      double ls = 0;
      for (int c = 0; c < k; c++) {
        double q = (c == y ? 1 - alpha : 0) + alpha / k;
        ls -= q * Math.log(p[c]);
      }
      double gamma = random.nextDouble() * 4;
      double focal = -Math.pow(1 - p[y], gamma) * Math.log(p[y]);
      assertEquals(ls, new Loss.LabelSmoothing(alpha).value(z, 0, k, y), 1e-12 * Math.max(1, ls));
      assertEquals(focal, new Loss.Focal(gamma).value(z, 0, k, y), 1e-12 * Math.max(1, focal));
      assertEquals(Loss.CE.value(z, 0, k, y), new Loss.LabelSmoothing(0).value(z, 0, k, y), 1e-15);
      assertEquals(Loss.CE.value(z, 0, k, y), new Loss.Focal(0).value(z, 0, k, y), 1e-15);
    }
  }

  /**
   * Well-classified samples (margin 40, 1 − p_y ≈ 4e-18): the focal loss u^γ·t and its gradient
   * keep relative accuracy (the naive (1 − p_y) is 0 there), and the gradient still sums to zero.
   */
  @Test
  void focalLossKeepsRelativeAccuracyWhenWellClassified() {
    double[] z = {40, 0, 0};
    double u = 2 * Math.exp(-40) / (1 + 2 * Math.exp(-40));
    double t = Math.log1p(2 * Math.exp(-40));
    Loss focal = new Loss.Focal(2);
    assertEquals(u * u * t, focal.value(z, 0, 3, 0), 1e-12 * u * u * t);
    double[] g = z.clone();
    focal.valueAndLogitGradient(g, 0, 3, 0, 1.0);
    double psi = u * u * (u + 2 * (1 - u) * t);
    assertEquals(-psi, g[0], 1e-12 * psi);
    assertEquals(psi / 2, g[1], 1e-12 * psi);
    assertEquals(0, g[0] + g[1] + g[2], 1e-15 * psi);
  }

  @Test
  void parametersOutOfRangeNameTheirKey() {
    for (double bad : new double[] {-0.1, 1.0, 1.5, Double.NaN}) {
      ncverify.core.InvalidInput e = org.junit.jupiter.api.Assertions.assertThrows(
          ncverify.core.InvalidInput.class, () -> new Loss.LabelSmoothing(bad));
      assertTrue(e.getMessage().contains("smoothing"), e.getMessage());
    }
    for (double bad : new double[] {-1e-9, Double.POSITIVE_INFINITY, Double.NaN}) {
      ncverify.core.InvalidInput e = org.junit.jupiter.api.Assertions.assertThrows(
          ncverify.core.InvalidInput.class, () -> new Loss.Focal(bad));
      assertTrue(e.getMessage().contains("gamma"), e.getMessage());
    }
  }

  @Test
  void negativeControlAnotherLossGradientFails() {
    double[] z = {0.3, -1.2, 2.0, 0.1};
    assertTrue(maxGradientError(Loss.CE, Loss.MSE, z, 3, 1) > 1e-2);
    assertTrue(maxGradientError(Loss.MSE, Loss.CE, z, 3, 1) > 1e-2);
  }

  @Test
  void knownValues() {
    // MSE: ½((0.5)² + (1 − 1)² ) at z = (0.5, 1), y = 1; CE: log 2 at equal logits.
    assertEquals(0.125, Loss.MSE.value(new double[] {0.5, 1.0}, 0, 2, 1), 1e-15);
    assertEquals(Math.log(2), Loss.CE.value(new double[] {7.0, 7.0}, 0, 2, 0), 1e-15);
  }

  /** Largest |gradient of {@code gradientOf} − finite difference of {@code valueOf}| at z[1 .. k]. */
  private static double maxGradientError(Loss valueOf, Loss gradientOf, double[] z, int k, int label) {
    int offset = 1;
    double[] g = z.clone();
    double v = gradientOf.valueAndLogitGradient(g, offset, k, label, 1.0);
    if (valueOf.equals(gradientOf)) {
      assertEquals(valueOf.value(z, offset, k, label), v, 1e-12 * Math.max(1, Math.abs(v)));
      assertEquals(z[0], g[0]);
      assertEquals(z[z.length - 1], g[g.length - 1]);
    }
    double worst = 0;
    for (int c = 0; c < k; c++) {
      double[] up = z.clone();
      double[] down = z.clone();
      up[offset + c] += STEP;
      down[offset + c] -= STEP;
      double fd = (valueOf.value(up, offset, k, label) - valueOf.value(down, offset, k, label)) / (2 * STEP);
      worst = Math.max(worst, Math.abs(fd - g[offset + c]));
    }
    return worst;
  }
}
