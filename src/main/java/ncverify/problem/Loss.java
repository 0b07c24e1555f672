package ncverify.problem;

import java.util.List;

/**
 * Training loss: the one implementation of the per-sample loss ℓ(z, y) of a logit vector z ∈ ℝ^K
 * and a label y, and of its logit gradient ∂ℓ/∂z (THEORY.md §2). Used by {@link Objective} (the
 * UFM objective), {@link ClassMeans} and the practical track (network training and snapshots), so
 * a new loss is added here once.
 *
 * <p>A sealed interface: the parameter-free losses are the enum {@link Basic} ({@link #MSE},
 * {@link #CE}, compared with {@code ==}), a loss with a per-setting parameter is a record
 * ({@link LabelSmoothing} with α, {@link Focal} with γ; compared with {@code equals}). Every
 * permitted type must implement both {@link #value} and {@link #valueAndLogitGradient}: a new loss
 * without either does not compile, and no "else" branch can swallow it.
 *
 * <p>The objectives average over samples: MSE is normalised by 1/(2N) (ℓ = ½‖z − e_y‖²), the
 * softmax losses by 1/N.
 */
public sealed interface Loss permits Loss.Basic, Loss.LabelSmoothing, Loss.Focal {
  /** ℓ = ½‖z − e_y‖². */
  Loss MSE = Basic.MSE;
  /** ℓ = −log softmax(z)_y. */
  Loss CE = Basic.CE;

  /**
   * The loss of one sample, and its logit gradient in place.
   *
   * @param z logits; the sample's K logits are {@code z[offset] … z[offset + k − 1]}. On return
   *     they hold {@code scale · ∂ℓ/∂z} (scale is usually 1/N or 1/|batch|)
   * @param label the sample's class, in [0, k)
   * @return ℓ(z, label), unscaled
   */
  double valueAndLogitGradient(double[] z, int offset, int k, int label, double scale);

  /** The loss of one sample ({@code z[offset] … z[offset + k − 1]} unchanged). */
  double value(double[] z, int offset, int k, int label);

  /** The setting's {@code loss=} word in upper case: MSE, CE, LS, FOCAL (enum constants inherit it). */
  String name();

  /** The setting's {@code loss=} word: mse, ce, ls, focal. */
  default String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Whether ℓ depends on z only through softmax(z), i.e. is invariant under z → z + c·1 (CE, LS,
   * focal; not MSE): margins are then the meaningful logit quantity, a free bias is determined only
   * up to c·1, and logits compare modulo a common shift.
   */
  default boolean shiftInvariant() {
    return this != MSE;
  }

  /** Whether {@code other} is the same loss up to its parameter (LS at any α, focal at any γ). */
  default boolean sameKind(Loss other) {
    return name().equals(other.name());
  }

  /** One instance of every kind (LS at α = 0.1, focal at γ = 2): for tests that run every loss. */
  static List<Loss> examples() {
    return List.of(MSE, CE, new LabelSmoothing(0.1), new Focal(2));
  }

  /** The parameter-free losses. */
  enum Basic implements Loss {
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
     * cancellation when the sample is well classified (the regime of small λ, where f* ~
     * e^{−margin} can be 1e-10): ℓ = log1p(Σ_{j≠y} e^{z_j − z_y}) and ∂ℓ/∂z_y = −Σ_{j≠y} p_j
     * rather than p_y − 1, which would keep ~1e-16 absolute, i.e. no relative accuracy once
     * 1 − p_y < 1e-12 (issue 11, failing input 1).
     */
    CE {
      @Override
      public double valueAndLogitGradient(double[] z, int offset, int k, int label, double scale) {
        Softmax p = Softmax.inPlace(z, offset, k, label);
        for (int c = 0; c < k; c++) {
          z[offset + c] = (c == label ? -p.others() : z[offset + c]) / p.sum() * scale;
        }
        return p.ce();
      }

      @Override
      public double value(double[] z, int offset, int k, int label) {
        return Softmax.of(z, offset, k, label).ce();
      }
    }
  }

  /**
   * Label smoothing (Szegedy et al. 2016; Zhou et al. 2022 §2): cross-entropy against the target
   * q = (1 − α)e_y + (α/K)1, ℓ = −Σ_c q_c log p_c, p = softmax(z). Since −log p_c = −log p_y +
   * z_y − z_c, ℓ = CE(z, y) + α(z_y − z̄) with z̄ the mean logit (no cancellation), and
   * ∂ℓ/∂z = p − q = (p − e_y) + α(e_y − 1/K). α = 0 is cross-entropy.
   *
   * @param alpha the smoothing α, 0 ≤ α < 1 (α = 1 would make the target uniform and the loss
   *     blind to the label)
   */
  record LabelSmoothing(double alpha) implements Loss {
    public LabelSmoothing {
      if (!(alpha >= 0 && alpha < 1)) {
        throw ncverify.core.InvalidInput.key("smoothing", "must be a number with 0 <= smoothing < 1,"
            + " got " + alpha);
      }
    }

    @Override
    public String name() {
      return "LS";
    }

    @Override
    public double valueAndLogitGradient(double[] z, int offset, int k, int label, double scale) {
      double shift = alpha * (z[offset + label] - mean(z, offset, k));
      Softmax p = Softmax.inPlace(z, offset, k, label);
      for (int c = 0; c < k; c++) {
        double g = c == label ? -p.others() / p.sum() + alpha * (1 - 1.0 / k)
            : z[offset + c] / p.sum() - alpha / k;
        z[offset + c] = g * scale;
      }
      return p.ce() + shift;
    }

    @Override
    public double value(double[] z, int offset, int k, int label) {
      return Softmax.of(z, offset, k, label).ce() + alpha * (z[offset + label] - mean(z, offset, k));
    }

    private static double mean(double[] z, int offset, int k) {
      double s = 0;
      for (int c = 0; c < k; c++) {
        s += z[offset + c];
      }
      return s / k;
    }
  }

  /**
   * Focal loss (Lin et al. 2017; Zhou et al. 2022 §2): ℓ = −(1 − p_y)^γ log p_y. With u = 1 − p_y
   * (= Σ_{j≠y} p_j, no cancellation) and t = −log p_y (the stable CE value): ℓ = u^γ t and
   * ∂ℓ/∂z_y = −ψ(u), ∂ℓ/∂z_c = ψ(u)·p_c/u (c ≠ y), with ψ(u) = u^γ(u + γ(1 − u)t) (from
   * dℓ/dp_y and ∂p_y/∂z_c = p_y(δ_{cy} − p_c); p_c/u = e^{z_c}/Σ_{j≠y}e^{z_j} is computed as such, so
   * u → 0 is harmless for any γ ≥ 0). γ = 0 is cross-entropy.
   *
   * @param gamma the focusing parameter γ ≥ 0 (finite)
   */
  record Focal(double gamma) implements Loss {
    public Focal {
      if (!(gamma >= 0) || Double.isInfinite(gamma)) {
        throw ncverify.core.InvalidInput.key("gamma", "must be a finite number >= 0, got " + gamma);
      }
    }

    @Override
    public String name() {
      return "FOCAL";
    }

    @Override
    public double valueAndLogitGradient(double[] z, int offset, int k, int label, double scale) {
      Softmax p = Softmax.inPlace(z, offset, k, label);
      double u = p.others() / p.sum();
      double t = p.ce();
      double weight = Math.pow(u, gamma);
      double psi = weight * (u + gamma * (1 - u) * t);
      for (int c = 0; c < k; c++) {
        double g = c == label ? -psi : p.others() > 0 ? psi * z[offset + c] / p.others() : 0.0;
        z[offset + c] = g * scale;
      }
      return weight * t;
    }

    @Override
    public double value(double[] z, int offset, int k, int label) {
      Softmax p = Softmax.of(z, offset, k, label);
      return Math.pow(p.others() / p.sum(), gamma) * p.ce();
    }
  }

  /**
   * The shifted exponentials e^{z_c − max} of one sample: their sum, the sum over c ≠ y, and the
   * stable CE value −log p_y = log1p(others/e_y) while e_y is representable (shift ≥ −700), else
   * log(sum) − shift. Shared by every softmax loss (one place for the stable arithmetic).
   */
  record Softmax(double sum, double others, double ce) {
    /** Overwrites the sample's logits with e^{z_c − max}. */
    static Softmax inPlace(double[] z, int offset, int k, int label) {
      return compute(z, offset, k, label, true);
    }

    /** Leaves the logits unchanged. */
    static Softmax of(double[] z, int offset, int k, int label) {
      return compute(z, offset, k, label, false);
    }

    private static Softmax compute(double[] z, int offset, int k, int label, boolean write) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        max = Math.max(max, z[offset + c]);
      }
      double shift = z[offset + label] - max;
      double sum = 0;
      double others = 0;
      for (int c = 0; c < k; c++) {
        double e = Math.exp(z[offset + c] - max);
        if (write) {
          z[offset + c] = e;
        }
        sum += e;
        others += c == label ? 0 : e;
      }
      double ce = shift > -700 ? Math.log1p(others / Math.exp(shift)) : Math.log(sum) - shift;
      return new Softmax(sum, others, ce);
    }
  }
}
