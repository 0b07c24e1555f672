package ncverify.practical;

import ncverify.data.LabelledImages;

/**
 * The network's state on the whole training subset at one epoch, in double precision: the
 * features H (d × N, columns class by class), the logits (K × N, bias included), the head
 * weights W_1 … W_M (row-major) and bias, and the training objective, loss and error.
 */
public record Snapshot(int epoch, double[][] features, double[][] logits, double[][][] headWeights,
    double[] headBias, int[] labels, int[] counts, double dataLoss, double objective,
    double trainError) {

  /** Forward chunk size for measurement (memory bound only; results do not depend on it). */
  private static final int CHUNK = 1000;

  public static Snapshot take(int epoch, Mlp net, LabelledImages data, int[] counts,
      TrainingConfig cfg) {
    int n = data.count();
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    Mlp.Output out = net.evaluate(data, all, CHUNK);
    int depth = net.shape().headDepth();
    double[][][] w = new double[depth][][];
    double weightSquares = 0;
    for (int m = 1; m <= depth; m++) {
      w[m - 1] = net.headWeight(m);
      for (double[] row : w[m - 1]) {
        for (double v : row) {
          weightSquares += v * v;
        }
      }
    }
    double[][] z = out.logits();
    double[][] h = out.features();
    int k = z.length;
    int[] labels = data.labels();
    double loss = 0;
    int wrong = 0;
    double[] column = new double[k];
    for (int i = 0; i < n; i++) {
      int y = labels[i];
      int best = 0;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        if (z[c][i] > max) {
          max = z[c][i];
          best = c;
        }
      }
      if (best != y) {
        wrong++;
      }
      for (int c = 0; c < k; c++) {
        column[c] = z[c][i];
      }
      loss += cfg.loss().value(column, 0, k, y);
    }
    double featureSquares = 0;
    for (double[] row : h) {
      for (double v : row) {
        featureSquares += v * v;
      }
    }
    loss /= n;
    double objective = loss + 0.5 * cfg.lambdaH() * featureSquares / n
        + 0.5 * cfg.lambdaW() * weightSquares;
    return new Snapshot(epoch, h, z, w, net.headBias(), labels.clone(), counts.clone(), loss,
        objective, (double) wrong / n);
  }

  /** The head product W = W_M ⋯ W_1 (K × d). */
  public double[][] headProduct() {
    double[][] p = headWeights[0];
    for (int m = 1; m < headWeights.length; m++) {
      p = ncverify.measure.Matrices.multiply(headWeights[m], p);
    }
    return p;
  }
}
