package ncverify.claim;

import java.util.Arrays;
import ncverify.measure.Matrices;
import ncverify.measure.PointGeometry;
import ncverify.problem.Layout;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * A measured point set against a prediction: every structural quantity the claims check, as an
 * unnormalised relative deviation (normalised distances are blind to scale, THEORY §7).
 * Measured quantities are rotation-invariant (Grams, norms, logits), as the predictions are.
 */
public final class Comparison {
  private final Prediction p;
  private final Layout layout;
  private final double[] x;
  private final PointGeometry g;

  public Comparison(Prediction prediction, double[] x) {
    this(prediction, prediction.setting(), x);
  }

  /** Measurement only (no prediction): lengths, margins, logits, collapse. */
  public Comparison(Setting s, double[] x) {
    this(null, s, x);
  }

  private Comparison(Prediction prediction, Setting s, double[] x) {
    this.p = prediction;
    this.layout = new Layout(s);
    this.x = x;
    this.g = PointGeometry.of(layout, x);
  }

  public Prediction prediction() { return p; }

  public double[][] wGram() { return g.wGram(); }
  public double[][] hGram() { return g.hGram(); }
  public double[] hNormSq() { return g.hNormSq(); }
  public double[] wNormSq() { return g.wNormSq(); }
  /** W H̄ + b1ᵀ, column k = logits of class k's mean. */
  public double[][] logits() { return g.logits(); }
  /** (W h̄_k + b)_k − max_{j≠k} (W h̄_k + b)_j per class. */
  public double[] margins() { return g.margins(); }

  public double wGramDeviation() { return relative(wGram(), p.wGram()); }
  public double hGramDeviation() { return relative(hGram(), p.hGram()); }
  public double wNormDeviation() { return relative(wNormSq(), p.wNormSq()); }
  public double hNormDeviation() { return relative(hNormSq(), p.hNormSq()); }
  public double logitDeviation() { return relative(logits(), p.logits()); }
  public double marginDeviation() { return relative(margins(), p.margins()); }

  /** ‖W − S H̄ᵀ‖_F / max(‖W‖_F, floor) for the predicted alignment S (NC3); NaN if none predicted. */
  public double alignmentDeviation() {
    if (p.alignment() == null) {
      return Double.NaN;
    }
    double[][] predictedW = Matrices.multiplyTransposed(p.alignment(), g.means());
    return relative(g.classifier(), predictedW);
  }

  /** Per-layer singular values (decreasing) against the prediction, relative. */
  public double layerSingularValueDeviation() {
    double worst = 0;
    for (int m = 1; m <= p.setting().depth(); m++) {
      double[] measured = new SingularValueDecomposition(
          new Array2DRowRealMatrix(layout.wMatrix(x, m), false)).getSingularValues();
      worst = Math.max(worst, relative(measured, p.layerSingularValues()[m - 1]));
    }
    return worst;
  }

  /** NC1: max_i ‖h_i − h̄_{y_i}‖ / max(largest ‖h̄_k‖, floor). */
  public double withinClassSpread() {
    double[][] h = layout.hMatrix(x);
    double[][] means = g.means();
    int[] labels = layout.setting().labels();
    double spread = 0;
    for (int i = 0; i < labels.length; i++) {
      double acc = 0;
      for (int r = 0; r < h.length; r++) {
        double dv = h[r][i] - means[r][labels[i]];
        acc += dv * dv;
      }
      spread = Math.max(spread, Math.sqrt(acc));
    }
    double scale = Math.sqrt(Arrays.stream(g.hNormSq()).max().orElse(0));
    return spread / Math.max(scale, Tolerances.SCALE_FLOOR);
  }

  /** Number of classes whose measured collapse (‖h̄_k‖ ≈ 0) disagrees with the prediction. */
  public double collapsedMismatch() {
    boolean[] predicted = new boolean[p.setting().K()];
    for (int k : p.collapsed()) {
      predicted[k] = true;
    }
    return mismatches(collapsed(p.hNormSq()), predicted);
  }

  /**
   * Classes measured as collapsed: ‖h̄_k‖ ≤ COLLAPSED_NORM_FRACTION × max(1, largest predicted
   * ‖h̄_j‖) (the predicted lengths set the scale; pass the measured ones if none is predicted).
   */
  public boolean[] collapsed(double[] predictedHNormSq) {
    double[] measured = hNormSq();
    double scale = Math.max(1.0, Math.sqrt(Arrays.stream(predictedHNormSq).max().orElse(0)));
    boolean[] out = new boolean[measured.length];
    for (int k = 0; k < measured.length; k++) {
      out[k] = Math.sqrt(measured[k]) <= Tolerances.COLLAPSED_NORM_FRACTION * scale;
    }
    return out;
  }

  public static int mismatches(boolean[] a, boolean[] b) {
    int n = 0;
    for (int k = 0; k < a.length; k++) {
      n += a[k] != b[k] ? 1 : 0;
    }
    return n;
  }

  static double relative(double[][] a, double[][] b) {
    double diff = 0, norm = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        double dv = a[i][j] - b[i][j];
        diff += dv * dv;
        norm += b[i][j] * b[i][j];
      }
    }
    return Math.sqrt(diff) / Math.max(Math.sqrt(norm), Tolerances.SCALE_FLOOR);
  }

  public static double relative(double[] a, double[] b) {
    double diff = 0, norm = 0;
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      diff += (a[i] - b[i]) * (a[i] - b[i]);
      norm += b[i] * b[i];
    }
    // Extra entries on either side must be zero (e.g. singular values beyond the rank).
    for (int i = n; i < a.length; i++) {
      diff += a[i] * a[i];
    }
    for (int i = n; i < b.length; i++) {
      diff += b[i] * b[i];
      norm += b[i] * b[i];
    }
    return Math.sqrt(diff) / Math.max(Math.sqrt(norm), Tolerances.SCALE_FLOOR);
  }
}
