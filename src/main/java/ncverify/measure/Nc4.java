package ncverify.measure;

/**
 * NC4 (the classifier decides like the nearest class mean), THEORY §8.
 *
 * <p>For each sample h_i the classifier predicts argmax_k (W h_i + b)_k and the nearest-class-mean
 * (NCC) rule predicts argmin_k ‖h_i − h̄_k‖ (Euclidean, in feature space, computed directly rather
 * than by expanding the square so that exact ties stay exact). NC4 is the fraction of samples on
 * which both rules have a <em>unique</em> winner and the winners coincide. An exact tie counts as
 * disagreement: for all-zero features every NCC distance ties and NC4 = 0, the conservative
 * value (two rules that cannot decide do not agree), never the "collapsed" value 1.
 */
public final class Nc4 {
  private Nc4() {}

  /** Marks a sample whose rule has no unique winner (an exact tie). */
  public static final int TIE = -1;

  /**
   * argmax_k (W h_i + b)_k per sample, or {@link #TIE} (also when a logit is NaN).
   *
   * @param w K×d; @param bias length K or null; @param h d×N
   */
  public static int[] classifierPredictions(double[][] w, double[] bias, double[][] h) {
    if (Matrices.cols(w) != Matrices.rows(h)) {
      throw new IllegalArgumentException("W is " + Matrices.shape(w) + " but H is "
          + Matrices.shape(h));
    }
    if (bias != null && bias.length != w.length) {
      throw new IllegalArgumentException("bias has length " + bias.length + ", W has K="
          + w.length + " rows");
    }
    double[][] z = Matrices.multiply(w, h);
    int n = z[0].length;
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int best = TIE;
      double bestValue = Double.NEGATIVE_INFINITY;
      boolean tie = false;
      boolean undefined = false;
      for (int k = 0; k < z.length; k++) {
        double v = z[k][i] + (bias == null ? 0 : bias[k]);
        if (Double.isNaN(v)) {
          undefined = true;
        } else if (best == TIE || v > bestValue) {
          best = k;
          bestValue = v;
          tie = false;
        } else if (v == bestValue) {
          tie = true;
        }
      }
      out[i] = tie || undefined ? TIE : best;
    }
    return out;
  }

  /** argmin_k ‖h_i − h̄_k‖ per sample, or {@link #TIE}; means are the columns of a d×K matrix. */
  public static int[] nearestMeanPredictions(double[][] means, double[][] h) {
    if (Matrices.rows(means) != Matrices.rows(h)) {
      throw new IllegalArgumentException("means are " + Matrices.shape(means) + " but H is "
          + Matrices.shape(h));
    }
    int k = means[0].length;
    int n = h[0].length;
    double[][] dist = new double[k][n];
    for (int r = 0; r < h.length; r++) {
      double[] hr = h[r];
      for (int c = 0; c < k; c++) {
        double m = means[r][c];
        double[] dc = dist[c];
        for (int i = 0; i < n; i++) {
          double e = hr[i] - m;
          dc[i] += e * e;
        }
      }
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int best = TIE;
      double bestValue = Double.POSITIVE_INFINITY;
      boolean tie = false;
      boolean undefined = false;
      for (int c = 0; c < k; c++) {
        double v = dist[c][i];
        if (Double.isNaN(v)) {
          undefined = true;
        } else if (best == TIE || v < bestValue) {
          best = c;
          bestValue = v;
          tie = false;
        } else if (v == bestValue) {
          tie = true;
        }
      }
      out[i] = tie || undefined ? TIE : best;
    }
    return out;
  }

  /** NC4: fraction of samples where both rules have a unique, equal winner. */
  public static double agreement(double[][] w, double[] bias, double[][] h, double[][] means) {
    int[] a = classifierPredictions(w, bias, h);
    int[] b = nearestMeanPredictions(means, h);
    int agree = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] != TIE && a[i] == b[i]) {
        agree++;
      }
    }
    return (double) agree / a.length;
  }

  /** NC4 with the class means taken from the statistics. */
  public static double agreement(double[][] w, double[] bias, ClassStatistics s) {
    return agreement(w, bias, s.featuresView(), s.meansView());
  }
}
