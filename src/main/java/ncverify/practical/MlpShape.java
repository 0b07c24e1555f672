package ncverify.practical;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Architecture of the practical network: an input of {@code input} pixels, L = backbone.length
 * fully connected ReLU layers (each with its own unregularised bias), whose last output is the
 * feature vector h ≥ 0 (width d = backbone[L−1]); then a linear head of M = headInner.length + 1
 * layers W_1 … W_M (widths d → d_1 → … → d_{M−1} → K), bias-free except for an optional
 * last-layer bias b (unregularised, as in THEORY §2).
 */
public record MlpShape(int input, int[] backbone, int[] headInner, int classes, boolean headBias) {

  public MlpShape {
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
        .collect(Collectors.joining(" -> ")) + " -> head "
        + (headDepth() == 1 ? "" : Arrays.stream(headInner).mapToObj(Integer::toString)
            .collect(Collectors.joining(" -> ")) + " -> ")
        + classes + (headBias ? " (+ bias)" : " (no bias)");
  }
}
