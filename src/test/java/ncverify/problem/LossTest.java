package ncverify.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every loss: the per-sample value and the logit gradient agree with central differences. */
class LossTest {
  /** Central differences with step 1e-5 on O(1) logits: truncation ~1e-10, round-off ~1e-11. */
  private static final double GRADIENT_TOLERANCE = 1e-7;
  private static final double STEP = 1e-5;

  @Test
  void gradientMatchesFiniteDifferencesForEveryLoss() {
    Random random = new Random(3);
    for (Loss loss : Loss.values()) {
      for (int trial = 0; trial < 20; trial++) {
        int k = 2 + random.nextInt(5);
        int label = random.nextInt(k);
        double[] z = random.doubles(k + 2, -3, 3).toArray();
        assertTrue(maxGradientError(loss, loss, z, k, label) < GRADIENT_TOLERANCE, loss.name());
      }
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
    if (valueOf == gradientOf) {
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
