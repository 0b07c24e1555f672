package ncverify.measure;

import java.util.Arrays;
import ncverify.problem.Layout;
import ncverify.problem.Setting;

/**
 * The rotation-invariant geometry of one parameter point of a {@link Setting}: the end-to-end
 * classifier W = W_M⋯W_1, the class means H̄, their Grams, the logit matrix W H̄ + b1ᵀ, per-class
 * lengths and margins. Predictions are stated, and measured points compared, in these terms.
 */
public final class PointGeometry {
  private final double[][] classifier;
  private final ClassStatistics statistics;
  private final double[][] means;
  private final double[] bias;
  private final double[][] networkLogits; // activation=relu: the network at the class means; else null

  private PointGeometry(double[][] classifier, ClassStatistics statistics, double[] bias,
      double[][] networkLogits) {
    this.classifier = classifier;
    this.statistics = statistics;
    this.means = statistics.means();
    this.bias = bias;
    this.networkLogits = networkLogits;
  }

  public static PointGeometry of(Setting s, double[] x) {
    return of(new Layout(s), x);
  }

  public static PointGeometry of(Layout layout, double[] x) {
    Setting s = layout.setting();
    double[] b = s.hasBias()
        ? Arrays.copyOfRange(x, layout.bOffset(), layout.bOffset() + s.K()) : null;
    ClassStatistics stats = ClassStatistics.of(layout.hMatrix(x), s.labels(), s.K());
    return new PointGeometry(layout.product(x), stats, b,
        s.relu() ? reluLogits(layout, x, stats.means(), b) : null);
  }

  /**
   * W_M σ(⋯σ(W_1 h̄_k)) + b for every class mean (column k): with a ReLU between the layers the
   * logits are not W H̄ + b. The product W = W_M⋯W_1 is still reported by {@link #classifier()}
   * (it is invariant under the ReLU network's symmetries: permuting and positively rescaling
   * hidden neurons), but it is not the network's map.
   */
  private static double[][] reluLogits(Layout layout, double[] x, double[][] means, double[] b) {
    Setting s = layout.setting();
    int k = s.K();
    double[][] out = new double[k][k];
    for (int c = 0; c < k; c++) {
      double[] v = new double[s.d()];
      for (int r = 0; r < s.d(); r++) {
        v[r] = means[r][c];
      }
      for (int m = 1; m <= s.depth(); m++) {
        double[][] w = layout.wMatrix(x, m);
        double[] next = new double[w.length];
        for (int r = 0; r < w.length; r++) {
          double acc = 0;
          for (int j = 0; j < v.length; j++) {
            acc += w[r][j] * v[j];
          }
          next[r] = m < s.depth() ? Math.max(0, acc) : acc + (b == null ? 0 : b[r]);
        }
        v = next;
      }
      for (int r = 0; r < k; r++) {
        out[r][c] = v[r];
      }
    }
    return out;
  }

  /** W = W_M⋯W_1 (K × d). */
  public double[][] classifier() { return Matrices.copy(classifier); }
  /** H̄ (d × K). */
  public double[][] means() { return Matrices.copy(means); }
  public ClassStatistics statistics() { return statistics; }
  /** b, or null without bias. */
  public double[] bias() { return bias == null ? null : bias.clone(); }

  /** W Wᵀ. */
  public double[][] wGram() { return Nc2.classifierGram(classifier); }
  /** H̄ᵀH̄ (uncentred). */
  public double[][] hGram() { return Nc2.meanGram(means); }
  /** ‖w_k‖² per class. */
  public double[] wNormSq() { return diagonal(wGram()); }
  /** ‖h̄_k‖² per class. */
  public double[] hNormSq() { return statistics.meanNormsSquared(); }
  /** W H̄ + b1ᵀ, column k = logits of class k's mean. */
  public double[][] logits() {
    return networkLogits != null ? Matrices.copy(networkLogits) : Nc3.logits(classifier, means, bias);
  }
  /** Per class (W h̄_k + b)_k − max_{j≠k}(W h̄_k + b)_j. */
  public double[] margins() { return margins(logits()); }

  /** Margins of a logit matrix (column k = logits of class k). */
  public static double[] margins(double[][] logits) {
    int k = logits.length;
    double[] m = new double[k];
    for (int c = 0; c < k; c++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        if (j != c) {
          max = Math.max(max, logits[j][c]);
        }
      }
      m[c] = logits[c][c] - max;
    }
    return m;
  }

  private static double[] diagonal(double[][] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i][i];
    }
    return d;
  }
}
