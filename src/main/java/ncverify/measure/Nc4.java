package ncverify.measure;

/**
 * NC4 (the classifier decides like the nearest class mean), THEORY §8.
 *
 * <p>For each sample h_i the classifier predicts argmax_k (W h_i + b)_k and the nearest-class-mean
 * (NCC) rule predicts argmin_k ‖h_i − h̄_k‖ (Euclidean, in feature space, computed directly rather
 * than by expanding the square so that exact ties stay exact). NC4 is the fraction of samples on
 * which both rules have a <em>unique</em> winner and the winners coincide.
 *
 * <p><b>Tie rule (deterministic).</b> For one sample, the runner-up ties with the winner when the
 * two values differ by at most {@link #TIE_RELATIVE_TOLERANCE} times the spread (largest minus
 * smallest) of that sample's values (logits for the classifier, squared distances for the NCC
 * rule); the spread makes the rule invariant under CE's logit shift b → b + c1 and under scaling. A rule
 * with a tie has no winner, and the sample counts as disagreement: the conservative value (two
 * rules that cannot decide do not agree), never the "collapsed" value 1. So classes whose means or
 * classifiers coincide at an optimum (minority collapse, the origin) give the same NC4 whatever
 * round-off the optimiser left in them, instead of a seed-dependent coin flip.
 */
public final class Nc4 {
  private Nc4() {}

  /** Marks a sample whose rule has no unique winner (a tie within the tolerance). */
  public static final int TIE = -1;

  /**
   * Two values of one sample's decision closer than this, relative to the spread of its values,
   * tie. Reason: quantities that are exactly equal at an optimum (the logits of
   * coinciding classifiers, distances to coinciding means) come out of a certified point
   * (relative residual ≤ 1e-9) equal only to about 1e-9 relative, in a direction set by the
   * random start; 1e-8 lies above that, while a genuine decision at a collapsed optimum differs by
   * an O(1) relative margin.
   */
  public static final double TIE_RELATIVE_TOLERANCE = 1e-8;

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
    double[] v = new double[z.length];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < z.length; k++) {
        v[k] = z[k][i] + (bias == null ? 0 : bias[k]);
      }
      out[i] = uniqueWinner(v, 1);
    }
    return out;
  }

  /**
   * The index of the unique largest value of {@code sign·v} under the tie rule, or {@link #TIE}
   * (also when a value is NaN).
   */
  static int uniqueWinner(double[] v, double sign) {
    int best = TIE;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < v.length; k++) {
      if (Double.isNaN(v[k])) {
        return TIE;
      }
      lo = Math.min(lo, v[k]);
      hi = Math.max(hi, v[k]);
      if (best == TIE || sign * v[k] > sign * v[best]) {
        best = k;
      }
    }
    double tolerance = TIE_RELATIVE_TOLERANCE * (hi - lo);
    for (int k = 0; k < v.length; k++) {
      if (k != best && Math.abs(v[k] - v[best]) <= tolerance) {
        return TIE;
      }
    }
    return best;
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
    double[] v = new double[k];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        v[c] = dist[c][i];
      }
      out[i] = uniqueWinner(v, -1);
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
