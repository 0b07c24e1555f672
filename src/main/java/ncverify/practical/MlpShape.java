package ncverify.practical;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Architecture of the practical network: an input of {@code input} pixels, L = backbone.length
 * fully connected ReLU layers (each with its own unregularised bias); then the feature layer
 * ({@link FeatureLayer}) whose output is the feature vector h (width d = backbone[L−1]); then a
 * linear head of M = headInner.length + 1 layers W_1 … W_M (widths d → d_1 → … → d_{M−1} → K),
 * bias-free except for an optional last-layer bias b (unregularised, as in THEORY §2).
 *
 * @param featureLayer what the features are (the papers differ: P2 ReLU outputs, P1 BatchNorm or
 *     linear outputs)
 */
public record MlpShape(int input, int[] backbone, int[] headInner, int classes, boolean headBias,
    FeatureLayer featureLayer) {

  /**
   * The layer whose output is the feature vector h, as in the papers' code
   * ({@code models/mlp.py} of Fsoft-AIC/Neural-Collapse-in-Deep-Linear-Networks and
   * Fsoft-AIC/Cross-Entropy-Imbalanced).
   */
  public enum FeatureLayer {
    /** h = the last ReLU layer's output (h ≥ 0; P2's MLP). */
    RELU,
    /**
     * h = BatchNorm1d(last ReLU output): per feature (x − μ)/√(σ² + ε)·γ + β, with the batch's mean
     * and biased variance in training, ε = 1e-5, γ, β learnt and not decayed (P1's balanced MLP,
     * {@code batchnorm=True}); sign-free.
     */
    BATCHNORM,
    /** h = W_f·(last ReLU output) + b_f, an unregularised d × d linear layer with bias (P1's
     * imbalanced MLP, {@code intermediate_layer}); sign-free. */
    LINEAR;

    /** Whether h ≥ 0 holds by construction (the UFM's features = NONNEG) or not (FREE). */
    public boolean nonNegative() { return this == RELU; }

    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }

    /** The option value ({@code relu|batchnorm|linear}), or empty. */
    public static java.util.Optional<FeatureLayer> named(String s) {
      return Arrays.stream(values()).filter(f -> f.label().equals(s)).findFirst();
    }
  }

  /** ReLU features (h ≥ 0). */
  public MlpShape(int input, int[] backbone, int[] headInner, int classes, boolean headBias) {
    this(input, backbone, headInner, classes, headBias, FeatureLayer.RELU);
  }

  public MlpShape {
    java.util.Objects.requireNonNull(featureLayer, "featureLayer");
    if (input < 1 || classes < 2 || backbone.length < 1) {
      throw new IllegalArgumentException("need input >= 1, K >= 2 and at least one ReLU layer");
    }
    for (int w : backbone) {
      if (w < 1) throw new IllegalArgumentException("widths must be positive");
    }
    for (int w : headInner) {
      if (w < 1) throw new IllegalArgumentException("widths must be positive");
    }
    backbone = backbone.clone();
    headInner = headInner.clone();
  }

  /** L, the number of ReLU layers. */
  public int reluLayers() { return backbone.length; }
  /** M, the number of linear head layers. */
  public int headDepth() { return headInner.length + 1; }
  /** d, the feature width (head input). */
  public int featureWidth() { return backbone[backbone.length - 1]; }

  /** Input width of head layer m (1-based). */
  public int headIn(int m) { return m == 1 ? featureWidth() : headInner[m - 2]; }
  /** Output width of head layer m (1-based). */
  public int headOut(int m) { return m == headDepth() ? classes : headInner[m - 1]; }
  /** Input width of ReLU layer l (1-based). */
  public int reluIn(int l) { return l == 1 ? input : backbone[l - 2]; }

  public String describe() {
    return input + " -> " + Arrays.stream(backbone).mapToObj(w -> w + " ReLU")
        .collect(Collectors.joining(" -> "))
        + switch (featureLayer) {
          case RELU -> " (features: ReLU output)";
          case BATCHNORM -> " -> BatchNorm (features)";
          case LINEAR -> " -> " + featureWidth() + " linear + bias (features)";
        }
        + " -> head "
        + (headDepth() == 1 ? "" : Arrays.stream(headInner).mapToObj(Integer::toString)
            .collect(Collectors.joining(" -> ")) + " -> ")
        + classes + (headBias ? " (+ bias)" : " (no bias)");
  }
}
