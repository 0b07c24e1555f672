package ncverify.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import ncverify.problem.ClassMeans;
import ncverify.problem.Layout;
import ncverify.problem.Setting;
import ncverify.train.MultiStart.Ray;
import org.junit.jupiter.api.Test;

/**
 * The structured rays for non-negative features (H ≥ 0): each point must be feasible and carry the
 * logits of the same ray for free features, c·L (W H̄ of the balanced factorisation), because the
 * live-set structure is all a ray is for. Control: the former realisation, |H̄| of the free ray,
 * gives other logits on the same settings (tied counts rotate the tied singular vectors, and the
 * modes have signs).
 */
class StructuredStartsTest {
  /** Logits agree to rounding: the frame is an exact re-factorisation (sums of ~K products). */
  static final double SAME_LOGITS = 1e-12;
  /** The control must miss by far more than rounding to show the check can fail. */
  static final double CONTROL_MISS = 1e-3;
  static final double[] SCALES = {0.01, 0.7, 6.0, 40.0};

  @Test
  void nonnegativeRaysAreFeasibleAndKeepTheLogitsOfTheFreeRays() {
    for (String base : List.of(
        "loss=ce bias=none n=30,30,30,10,10,10 d=8 M=1 lambdaW=5e-4 lambdaH=5e-4",
        "loss=mse bias=none n=5,5,2,2 d=5 M=2 lambdaW=1e-3 lambdaH=2e-3",
        "loss=ce bias=regularized n=4,4,4,1 d=6 M=3 lambdaW=1e-3 lambdaH=1e-3 lambdaB=1e-3")) {
      Setting full = Setting.parse(base + " features=nonneg");
      Setting nonneg = ClassMeans.narrow(full).reduced();
      Setting free = Setting.parse(nonneg.toString().replace("features=nonneg", "features=free"));
      List<Ray> a = StructuredStarts.rays(nonneg, full.counts());
      List<Ray> b = StructuredStarts.rays(free, full.counts());
      assertEquals(b.size(), a.size(), base);
      assertTrue(a.size() > 2, base);
      double controlMiss = 0;
      for (int r = 0; r < a.size(); r++) {
        assertEquals(b.get(r).name(), a.get(r).name());
        for (double c : SCALES) {
          double[] x = a.get(r).point().apply(c);
          double[] y = b.get(r).point().apply(c);
          Layout layout = new Layout(nonneg);
          for (double[] row : layout.hMatrix(x)) {
            for (double v : row) {
              assertTrue(v >= 0, base + " " + a.get(r).name() + " has a negative feature " + v);
            }
          }
          double[][] want = logits(new Layout(free), y);
          assertTrue(relativeDistance(logits(layout, x), want) <= SAME_LOGITS,
              base + " " + a.get(r).name() + " at c=" + c);
          double[] clipped = y.clone();
          for (int i = 0; i < layout.hSize(); i++) {
            clipped[layout.hOffset() + i] = Math.abs(clipped[layout.hOffset() + i]);
          }
          controlMiss = Math.max(controlMiss, relativeDistance(logits(layout, clipped), want));
        }
      }
      assertTrue(controlMiss > CONTROL_MISS, base + ": |H| of the free ray kept the logits ("
          + controlMiss + "), so the check above could not fail");
    }
  }

  /** W_M ⋯ W_1 H̄ (linear heads: the settings above have no activation between layers). */
  private static double[][] logits(Layout layout, double[] x) {
    double[][] w = layout.product(x);
    double[][] h = layout.hMatrix(x);
    double[][] z = new double[w.length][h[0].length];
    for (int i = 0; i < w.length; i++) {
      for (int j = 0; j < h[0].length; j++) {
        for (int r = 0; r < h.length; r++) {
          z[i][j] += w[i][r] * h[r][j];
        }
      }
    }
    return z;
  }

  private static double relativeDistance(double[][] a, double[][] b) {
    double diff = 0, norm = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        diff += (a[i][j] - b[i][j]) * (a[i][j] - b[i][j]);
        norm += b[i][j] * b[i][j];
      }
    }
    return Math.sqrt(diff / Math.max(norm, Double.MIN_NORMAL));
  }
}
