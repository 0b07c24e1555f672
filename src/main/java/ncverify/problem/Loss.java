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

  /**
   * ℓ = log Σ_c e^{z_c} − z_y (stable log-sum-exp), ∂ℓ/∂z = softmax(z) − e_y, computed without
   * cancellation when the sample is well classified (the regime of small λ, where f* ~ e^{−margin}
   * can be 1e-10): ℓ = log1p(Σ_{j≠y} e^{z_j − z_y}) and ∂ℓ/∂z_y = −Σ_{j≠y} p_j rather than
   * p_y − 1, which would keep ~1e-16 absolute, i.e. no relative accuracy once 1 − p_y < 1e-12
   * (issue 11, failing input 1).
   */
  CE {
    @Override
    public double valueAndLogitGradient(double[] z, int offset, int k, int label, double scale) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        max = Math.max(max, z[offset + c]);
      }
      double zy = z[offset + label];
      double sum = 0;
      double others = 0;
      for (int c = 0; c < k; c++) {
        double e = Math.exp(z[offset + c] - max);
        z[offset + c] = e;
        sum += e;
        others += c == label ? 0 : e;
      }
      double value = stable(zy - max, z[offset + label], others, sum);
      for (int c = 0; c < k; c++) {
        z[offset + c] = (c == label ? -others / sum : z[offset + c] / sum) * scale;
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
      double others = 0;
      for (int c = 0; c < k; c++) {
        double e = Math.exp(z[offset + c] - max);
        sum += e;
        others += c == label ? 0 : e;
      }
      double zy = z[offset + label];
      return stable(zy - max, Math.exp(zy - max), others, sum);
    }
  };

  /**
   * log(sum/e_y) = log1p(others/e_y) while e_y is representable (shift ≥ −700), else
   * log(sum) − shift.
   */
  private static double stable(double shift, double ey, double others, double sum) {
    return shift > -700 ? Math.log1p(others / ey) : Math.log(sum) - shift;
  }

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
