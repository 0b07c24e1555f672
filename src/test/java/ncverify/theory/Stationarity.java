package ncverify.theory;

import ncverify.problem.Objective;
import ncverify.problem.Setting;

/** Test helper: first-order residuals of a point for a setting's objective. */
final class Stationarity {
  private Stationarity() {}

  /**
   * Relative first-order residual: ‖r‖₂ / max(‖penalty gradient‖₂, 1), where r is the gradient
   * (or, on the non-negative feature block, the KKT residual: |g_i| where x_i &gt; 0 and
   * max(0, −g_i) where x_i = 0). At a stationary point the loss gradient cancels the penalty
   * gradient λ⊙x, so the latter is the natural scale of the cancellation.
   */
  static double relativeResidual(Setting s, double[] x) {
    Objective f = new Objective(s);
    double[] g = new double[x.length];
    f.valueAndGradient(x, g);
    int[] box = f.nonnegativeRange();
    ncverify.problem.Layout layout = f.layout();
    double res = 0;
    double scale = 0;
    for (int i = 0; i < x.length; i++) {
      double r = g[i];
      if (box != null && i >= box[0] && i < box[1] && x[i] == 0) {
        r = Math.max(0, -g[i]);
      }
      res += r * r;
      double lambda = lambdaFor(s, layout, i);
      scale += lambda * x[i] * lambda * x[i];
    }
    return Math.sqrt(res) / Math.max(Math.sqrt(scale), 1);
  }

  /** Smallest KKT multiplier-side check: min g_i over coordinates of H with x_i = 0 (≥ 0 required). */
  static double minGradientOnZeroFeatures(Setting s, double[] x) {
    Objective f = new Objective(s);
    double[] g = new double[x.length];
    f.valueAndGradient(x, g);
    ncverify.problem.Layout layout = f.layout();
    double min = Double.POSITIVE_INFINITY;
    for (int i = layout.hOffset(); i < layout.hOffset() + layout.hSize(); i++) {
      if (x[i] == 0) {
        min = Math.min(min, g[i]);
      }
    }
    return min;
  }

  private static double lambdaFor(Setting s, ncverify.problem.Layout layout, int i) {
    for (int m = 1; m <= s.depth(); m++) {
      if (i >= layout.wOffset(m) && i < layout.wOffset(m) + layout.wSize(m)) {
        return s.lambdaW(m);
      }
    }
    if (i >= layout.hOffset() && i < layout.hOffset() + layout.hSize()) {
      return s.lambdaH();
    }
    return s.bias() == ncverify.problem.Bias.REGULARIZED ? s.lambdaB() : 0;
  }

  static double value(Setting s, double[] x) {
    return new Objective(s).value(x);
  }
}
