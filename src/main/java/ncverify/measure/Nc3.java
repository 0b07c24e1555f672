package ncverify.measure;

/**
 * NC3 (self-duality: the classifier is aligned with the class means), THEORY §8.
 *
 * <p>W is the K×d end-to-end classifier (rows w_kᵀ), H̄ the d×K class means (centred as the caller
 * chooses, see {@link ClassStatistics#centredMeans}), S a predicted K×K scaling.
 * <ul>
 *   <li>{@link #alignment(double[][], double[][], double[][])}: the {@link Distance}s of W from
 *       S H̄ᵀ. With S = I this is the conventional plain alignment nd(W, H̄ᵀ); P1 imbalanced predicts
 *       S = diag(t_k² + Nλ_H), P2 predicts S = a P D^{1/2}.</li>
 *   <li>{@link #logitMatrix}: the {@link Distance}s of the class-mean logit matrix W H̄ + b1ᵀ (K×K,
 *       column k = logits of h̄_k) from a predicted one (e.g. ρP, diag(x_k^M/(x_k^M+1)),
 *       P diag(M_k)).</li>
 * </ul>
 * Papyan et al. and Zhu et al. compare W with the means centred at the global mean
 * ({@link MeanCentring#GLOBAL_MEAN}); P1's bias-free claims concern the uncentred means.
 */
public final class Nc3 {
  private Nc3() {}

  /** nd(W, H̄ᵀ), the plain alignment (S = I). NaN if W = 0 or H̄ = 0. */
  public static double alignment(double[][] w, double[][] means) {
    return Distances.normalized(w, Matrices.transpose(requireMeansFor(w, means)));
  }

  /** The distances of W from S H̄ᵀ for a predicted K×K scaling S (diagonal or general). */
  public static Distance alignment(double[][] w, double[][] means, double[][] scaling) {
    requireMeansFor(w, means);
    int k = w.length;
    if (Matrices.rows(scaling) != k || Matrices.cols(scaling) != k) {
      throw new IllegalArgumentException("scaling must be " + k + "×" + k + ", got "
          + Matrices.shape(scaling));
    }
    return Distance.between(w, Matrices.multiply(scaling, Matrices.transpose(means)));
  }

  /** The distances of W from diag(s) H̄ᵀ. */
  public static Distance alignment(double[][] w, double[][] means, double[] diagonalScaling) {
    return alignment(w, means, Matrices.diagonal(diagonalScaling));
  }

  /** W H̄ + b1ᵀ (K×K); {@code bias} may be null (no bias). Column k holds the logits of h̄_k. */
  public static double[][] logits(double[][] w, double[][] means, double[] bias) {
    requireMeansFor(w, means);
    double[][] z = Matrices.multiply(w, means);
    if (bias != null) {
      if (bias.length != w.length) {
        throw new IllegalArgumentException("bias has length " + bias.length + ", W has K="
            + w.length + " rows");
      }
      for (int i = 0; i < z.length; i++) {
        for (int j = 0; j < z[i].length; j++) {
          z[i][j] += bias[i];
        }
      }
    }
    return z;
  }

  /** The distances of W H̄ + b1ᵀ from a predicted K×K logit matrix; {@code bias} may be null. */
  public static Distance logitMatrix(double[][] w, double[][] means, double[] bias,
      double[][] predicted) {
    return Distance.between(logits(w, means, bias), predicted);
  }

  private static double[][] requireMeansFor(double[][] w, double[][] means) {
    if (Matrices.cols(w) != Matrices.rows(means) || Matrices.rows(w) != Matrices.cols(means)) {
      throw new IllegalArgumentException("W is " + Matrices.shape(w) + " but the means are "
          + Matrices.shape(means) + "; expected K×d and d×K");
    }
    return means;
  }
}
