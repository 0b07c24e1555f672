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

  /**
   * For a ReLU head: max over the hidden layers m = 1 … M−1 of ‖offdiag(G_m)‖_F / ‖G_m‖_F, G_m the
   * Gram of the class means after the m-th ReLU, σ(W_m ⋯ σ(W_1 h̄_k)); 0 for a layer whose means
   * are all 0 (a collapsed point). Measured on the point, no prediction needed.
   */
  public double hiddenOrthogonalityDeviation() {
    Setting s = layout.setting();
    double[][] v = g.means();
    double worst = 0;
    for (int m = 1; m < s.depth(); m++) {
      double[][] w = layout.wMatrix(x, m);
      double[][] next = Matrices.multiply(w, v);
      for (double[] row : next) {
        for (int c = 0; c < row.length; c++) {
          row[c] = Math.max(0, row[c]);
        }
      }
      v = next;
      double[][] gram = Matrices.multiply(Matrices.transpose(v), v);
      double on = 0, off = 0;
      for (int i = 0; i < gram.length; i++) {
        for (int j = 0; j < gram.length; j++) {
          double sq = gram[i][j] * gram[i][j];
          if (i == j) {
            on += sq;
          } else {
            off += sq;
          }
        }
      }
      if (on + off > 0) {
        worst = Math.max(worst, Math.sqrt(off / (on + off)));
      }
    }
    return worst;
  }
  public double hGramDeviation() { return relative(hGram(), p.hGram()); }
  public double wNormDeviation() { return relative(wNormSq(), p.wNormSq()); }
  public double hNormDeviation() { return relative(hNormSq(), p.hNormSq()); }
  /**
   * Logits against the prediction modulo the objective's symmetries: with CE and an unregularised
   * bias, f is invariant under b → b + c·1 (softmax ignores a common shift), which adds c to every
   * entry of W H̄ + b1ᵀ, so both matrices are compared after removing their mean entry (issue 11,
   * failing input 4: the optimiser lands at a shifted bias with the optimal value).
   */
  public double logitDeviation() {
    if (biasShiftSymmetric(p.setting())) {
      return relative(centredEntries(logits()), centredEntries(p.logits()));
    }
    return relative(logits(), p.logits());
  }

  /** A softmax loss (CE, LS, focal) with a free (unregularised) bias: b → b + c·1 leaves the objective unchanged. */
  static boolean biasShiftSymmetric(Setting s) {
    return s.loss().shiftInvariant() && s.bias() == ncverify.problem.Bias.FREE;
  }

  private static double[][] centredEntries(double[][] a) {
    double mean = 0;
    int count = 0;
    for (double[] row : a) {
      for (double v : row) {
        mean += v;
        count++;
      }
    }
    mean /= Math.max(1, count);
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] -= mean;
      }
    }
    return out;
  }
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

  /**
   * Number of classes whose measured collapse disagrees with the prediction; a class whose
   * predicted feature energy is in the ambiguous band ({@link #ambiguous}) counts as either.
   */
  public double collapsedMismatch() {
    boolean[] predicted = new boolean[p.setting().K()];
    for (int k : p.collapsed()) {
      predicted[k] = true;
    }
    boolean[] measured = collapsed(p.hNormSq());
    boolean[] ambiguous = ambiguous(p);
    int n = 0;
    for (int k = 0; k < predicted.length; k++) {
      n += measured[k] != predicted[k] && !ambiguous[k] ? 1 : 0;
    }
    return n;
  }

  /**
   * Classes measured as collapsed, decided relative to the live classes' scale and never by == 0:
   * class k is collapsed when its feature energy λ_H n_k ‖h̄_k‖² is at most
   * {@link Tolerances#COLLAPSED_ENERGY_FRACTION} of E = max(λ_H ‖H‖²_F measured, λ_H Σ_j n_j ‖h̄_j‖²
   * predicted, |f*| or |f| when λ_H = 0). Everything is in objective units, so the decision is
   * invariant under multiplying f by a constant and under the rescaling symmetry (λ_H ‖H‖² is
   * invariant). The floor |f| makes the all-collapsed origin decidable: a certified point near it
   * (distance ~ residual/curvature) has energies ~r² |f|, far below the fraction.
   */
  public boolean[] collapsed(double[] predictedHNormSq) {
    return collapsed(predictedHNormSq, p != null ? p.optimalValue() : 0.0);
  }

  /** As {@link #collapsed(double[])} with the objective value {@code f} as the floor of the scale. */
  public boolean[] collapsed(double[] predictedHNormSq, double f) {
    Setting s = layout.setting();
    double[] measured = hNormSq();
    double lambdaH = s.lambdaH() > 0 ? s.lambdaH() : 1.0;
    double scale = 0;
    double predictedEnergy = 0;
    for (int k = 0; k < measured.length; k++) {
      scale += lambdaH * s.count(k) * measured[k];
      predictedEnergy += lambdaH * s.count(k) * predictedHNormSq[k];
    }
    scale = Math.max(scale, predictedEnergy);
    scale = Math.max(scale, Math.abs(f));
    boolean[] out = new boolean[measured.length];
    for (int k = 0; k < measured.length; k++) {
      out[k] = lambdaH * s.count(k) * measured[k] <= Tolerances.COLLAPSED_ENERGY_FRACTION * scale;
    }
    return out;
  }

  /**
   * Predicted-live classes whose feature energy is within {@link Tolerances#COLLAPSE_AMBIGUITY} of
   * the collapse decision (a class just past a continuous M = 1 threshold): a certified point there
   * is within residual/curvature of the optimum and the curvature vanishes at the threshold, so
   * the measured collapse of such a class cannot refute.
   */
  static boolean[] ambiguous(Prediction p) {
    Setting s = p.setting();
    double lambdaH = s.lambdaH() > 0 ? s.lambdaH() : 1.0;
    double total = Math.abs(p.optimalValue());
    double energy = 0;
    for (int k = 0; k < s.K(); k++) {
      energy += lambdaH * s.count(k) * p.hNormSq()[k];
    }
    total = Math.max(total, energy);
    boolean[] out = new boolean[s.K()];
    for (int k = 0; k < s.K(); k++) {
      double e = lambdaH * s.count(k) * p.hNormSq()[k];
      out[k] = e > 0 && e <= Tolerances.COLLAPSE_AMBIGUITY * total;
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

  /** ‖a − b‖_F / max(‖b‖_F, SCALE_FLOOR): the claims' relative deviation of a matrix. */
  public static double relative(double[][] a, double[][] b) {
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
