package ncverify.problem;

/**
 * Training loss: the one implementation of the per-sample loss ℓ(z, y) of a logit vector z ∈ ℝ^K
 * and a label y, and of its logit gradient ∂ℓ/∂z (THEORY.md §2). Used by {@link Objective} (the
 * UFM objective) and by the practical track (network training and snapshots), so a new loss is
 * added here once; each constant implements every method, so the compiler rejects a loss that
 * lacks one (no "else" branch can swallow it).
 *
 * <p>The objectives average over samples: MSE is normalised by 1/(2N) (ℓ = ½‖z − e_y‖²),
 * cross-entropy by 1/N (ℓ = log Σ_c e^{z_c} − z_y).
 */
public enum Loss {
  /** ℓ = ½‖z − e_y‖², ∂ℓ/∂z = z − e_y. */
  MSE {
    @Override
    public double valueAndLogitGradient(double[] z, int offset, int k, int label, double scale) {
      double total = 0;
      for (int c = 0; c < k; c++) {
        double r = z[offset + c] - (c == label ? 1.0 : 0.0);
        total += r * r;
        z[offset + c] = r * scale;
      }
      return 0.5 * total;
    }

    @Override
    public double value(double[] z, int offset, int k, int label) {
      double total = 0;
      for (int c = 0; c < k; c++) {
        double r = z[offset + c] - (c == label ? 1.0 : 0.0);
        total += r * r;
      }
      return 0.5 * total;
    }
  },

  /** ℓ = log Σ_c e^{z_c} − z_y (stable log-sum-exp), ∂ℓ/∂z = softmax(z) − e_y. */
  CE {
    @Override
    public double valueAndLogitGradient(double[] z, int offset, int k, int label, double scale) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        max = Math.max(max, z[offset + c]);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        double e = Math.exp(z[offset + c] - max);
        z[offset + c] = e;
        sum += e;
      }
      double value = Math.log(sum) - Math.log(z[offset + label]);
      for (int c = 0; c < k; c++) {
        z[offset + c] = (z[offset + c] / sum - (c == label ? 1.0 : 0.0)) * scale;
      }
      return value;
    }

    @Override
    public double value(double[] z, int offset, int k, int label) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        max = Math.max(max, z[offset + c]);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        sum += Math.exp(z[offset + c] - max);
      }
      return Math.log(sum) + max - z[offset + label];
    }
  };

  /**
   * The loss of one sample, and its logit gradient in place.
   *
   * @param z logits; the sample's K logits are {@code z[offset] … z[offset + k − 1]}. On return
   *     they hold {@code scale · ∂ℓ/∂z} (scale is usually 1/N or 1/|batch|)
   * @param label the sample's class, in [0, k)
   * @return ℓ(z, label), unscaled
   */
  public abstract double valueAndLogitGradient(double[] z, int offset, int k, int label, double scale);

  /** The loss of one sample ({@code z[offset] … z[offset + k − 1]} unchanged). */
  public abstract double value(double[] z, int offset, int k, int label);
}
