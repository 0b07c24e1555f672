package ncverify.measure;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import ncverify.problem.Layout;
import ncverify.problem.Setting;

/**
 * The named quantities a declared conjecture may predict or assert about (the standard names of
 * THEORY §1 and §8), each measured at one parameter point. Every value is a list of blocks
 * (one per layer for the layer-indexed quantities, else one), each a rows × cols array:
 * <ul>
 *   <li>{@link Shape#SCALAR}: 1 block, 1 × 1;</li>
 *   <li>{@link Shape#CLASS}: 1 block, 1 × K (entry k is class k);</li>
 *   <li>{@link Shape#PAIR}: 1 block, K × K (entry (k, j): row k, column j);</li>
 *   <li>{@link Shape#LAYER_VECTOR}: M blocks (layer m = 1…M), 1 × min(rows, cols) of W_m;</li>
 *   <li>{@link Shape#LAYER_PAIR}: M + 1 blocks (m = 0…M), K × K.</li>
 * </ul>
 * W = W_M⋯W_1 (K × d), H̄ the class means (d × K), b the bias (0 without one), n_k the counts.
 */
public enum Quantity {
  W_NORM_SQ("w_norm_sq", Shape.CLASS, "‖w_k‖², w_k the k-th row of W"),
  H_NORM_SQ("h_norm_sq", Shape.CLASS, "‖h̄_k‖²"),
  MARGINS("margins", Shape.CLASS, "(W h̄_k + b)_k − max_{j≠k} (W h̄_k + b)_j"),
  COLLAPSED("collapsed", Shape.CLASS, "1 if ‖h̄_k‖ is zero relative to the live classes, else 0"),
  BIAS("bias", Shape.CLASS, "b_k (0 without bias); for CE compared modulo b + c·1"),
  H_GRAM("h_gram", Shape.PAIR, "H̄ᵀH̄: h̄_k·h̄_j (uncentred)"),
  H_GRAM_CENTRED("h_gram_centred", Shape.PAIR,
      "(h̄_k − μ̄)·(h̄_j − μ̄), μ̄ the unweighted mean of the class means"),
  H_GRAM_GLOBAL("h_gram_global", Shape.PAIR,
      "(h̄_k − h̄_G)·(h̄_j − h̄_G), h̄_G the sample-weighted global mean"),
  W_GRAM("w_gram", Shape.PAIR, "W Wᵀ: w_k·w_j"),
  LOGITS("logits", Shape.PAIR, "Z = W H̄ + b1ᵀ: w_k·h̄_j + b_k (class k's logit at class j's mean)"),
  LOGIT_GRAM("logit_gram", Shape.PAIR, "ZᵀZ: Gram of the logit vectors of the class means"),
  CROSS("cross_matrix", Shape.PAIR, "W H̄ without bias: w_k·h̄_j"),
  ALIGNMENT("alignment", Shape.PAIR,
      "NC3: the predicted S (K × K) is judged by W against S H̄ᵀ; measured, W (H̄ᵀ)⁺ is reported"),
  LAYER_SINGULAR_VALUES("layer_singular_values", Shape.LAYER_VECTOR,
      "singular values of W_m, decreasing (symbols m, i)"),
  LAYER_GRAM("layer_gram", Shape.LAYER_PAIR,
      "Gram of the class means after layer m: (W_m⋯W_1 H̄)ᵀ(W_m⋯W_1 H̄), m = 0 is H̄ᵀH̄"),
  NC1("nc1", Shape.SCALAR, "(1/K) tr(Σ_W Σ_B⁺) (NcMetrics.nc1)"),
  NC1_TRACE_QUOTIENT("nc1_trace_quotient", Shape.SCALAR, "tr Σ_W / tr Σ_B"),
  CDNV("cdnv", Shape.SCALAR, "mean class-distance-normalised variance"),
  NC2_ETF_W("nc2_etf_w", Shape.SCALAR, "nd(W Wᵀ, P)"),
  NC2_ETF_H("nc2_etf_h", Shape.SCALAR, "nd(H̃ᵀH̃, P), means centred at h̄_G"),
  NC2_ORTHO_W("nc2_ortho_w", Shape.SCALAR, "nd(W Wᵀ, I)"),
  NC2_ORTHO_H("nc2_ortho_h", Shape.SCALAR, "nd(H̄ᵀH̄, I), uncentred"),
  NC3("nc3", Shape.SCALAR, "nd(W, H̄ᵀ), uncentred"),
  NC3_CENTRED("nc3_centred", Shape.SCALAR, "nd(W, (H̄ − h̄_G1ᵀ)ᵀ)"),
  NC4("nc4", Shape.SCALAR, "fraction of samples where argmax logits = nearest class mean"),
  OPTIMAL_VALUE("optimal_value", Shape.SCALAR, "the objective f at the point");

  /** How a quantity is indexed (see the class comment). */
  public enum Shape { SCALAR, CLASS, PAIR, LAYER_VECTOR, LAYER_PAIR }

  private final String key;
  private final Shape shape;
  private final String meaning;

  Quantity(String key, Shape shape, String meaning) {
    this.key = key;
    this.shape = shape;
    this.meaning = meaning;
  }

  /** The name in files ({@code h_gram_centred}). */
  public String key() { return key; }
  public Shape shape() { return shape; }
  public String meaning() { return meaning; }

  /**
   * The symbol under which the measured value is visible in Symja expressions: the key in
   * camelCase ({@code hGramCentred}), because {@code _} is a pattern in Symja's syntax.
   */
  public String symbol() {
    StringBuilder sb = new StringBuilder();
    boolean upper = false;
    for (char c : key.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        sb.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return sb.toString();
  }

  public static Optional<Quantity> byKey(String key) {
    return Arrays.stream(values()).filter(q -> q.key.equals(key.toLowerCase(Locale.ROOT))).findFirst();
  }

  /**
   * The measured value at parameter point x of setting s.
   *
   * @param objective f(x) (for {@link #OPTIMAL_VALUE})
   * @param collapseScale ‖h̄‖ scale below which a class counts as collapsed, for {@link #COLLAPSED}
   * @return blocks × rows × cols as described in the class comment
   */
  public double[][][] measure(Setting s, double[] x, double objective, double collapseScale) {
    Layout layout = new Layout(s);
    PointGeometry g = PointGeometry.of(layout, x);
    int k = s.K();
    double[][] means = g.means();
    return switch (this) {
      case W_NORM_SQ -> row(g.wNormSq());
      case H_NORM_SQ -> row(g.hNormSq());
      case MARGINS -> row(g.margins());
      case COLLAPSED -> {
        double[] c = new double[k];
        double[] h = g.hNormSq();
        for (int j = 0; j < k; j++) {
          c[j] = Math.sqrt(h[j]) <= collapseScale ? 1 : 0;
        }
        yield row(c);
      }
      case BIAS -> row(g.bias() == null ? new double[k] : g.bias());
      case H_GRAM -> block(g.hGram());
      case H_GRAM_CENTRED -> block(Matrices.columnGram(
          g.statistics().centredMeans(MeanCentring.MEAN_OF_MEANS)));
      case H_GRAM_GLOBAL -> block(Matrices.columnGram(
          g.statistics().centredMeans(MeanCentring.GLOBAL_MEAN)));
      case W_GRAM -> block(g.wGram());
      case LOGITS -> block(g.logits());
      case LOGIT_GRAM -> block(Matrices.columnGram(g.logits()));
      case CROSS -> block(Matrices.multiply(g.classifier(), means));
      case ALIGNMENT -> block(Matrices.multiply(g.classifier(),
          Matrices.transpose(Matrices.pseudoInverse(means, Nc1.DEFAULT_PINV_RELATIVE_CUTOFF))));
      case LAYER_SINGULAR_VALUES -> {
        double[][][] out = new double[s.depth()][][];
        for (int m = 1; m <= s.depth(); m++) {
          out[m - 1] = new double[][] {Matrices.singularValues(layout.wMatrix(x, m))};
        }
        yield out;
      }
      case LAYER_GRAM -> {
        double[][][] out = new double[s.depth() + 1][][];
        double[][] h = means;
        out[0] = Matrices.columnGram(h);
        for (int m = 1; m <= s.depth(); m++) {
          h = Matrices.multiply(layout.wMatrix(x, m), h);
          out[m] = Matrices.columnGram(h);
        }
        yield out;
      }
      case OPTIMAL_VALUE -> scalar(objective);
      default -> scalar(metric(NcMetrics.of(layout, x)));
    };
  }

  private double metric(NcMetrics m) {
    return switch (this) {
      case NC1 -> m.nc1();
      case NC1_TRACE_QUOTIENT -> m.nc1TraceQuotient();
      case CDNV -> m.cdnv();
      case NC2_ETF_W -> m.nc2EtfW();
      case NC2_ETF_H -> m.nc2EtfH();
      case NC2_ORTHO_W -> m.nc2OrthoW();
      case NC2_ORTHO_H -> m.nc2OrthoH();
      case NC3 -> m.nc3();
      case NC3_CENTRED -> m.nc3Centred();
      case NC4 -> m.nc4();
      default -> throw new IllegalStateException(key + " is not an NC metric");
    };
  }

  /** The number of blocks, rows and columns of this quantity in setting s (for predictions). */
  public int[][] dimensions(Setting s) {
    int k = s.K();
    return switch (shape) {
      case SCALAR -> new int[][] {{1, 1}};
      case CLASS -> new int[][] {{1, k}};
      case PAIR -> new int[][] {{k, k}};
      case LAYER_VECTOR -> {
        int[][] out = new int[s.depth()][];
        for (int m = 1; m <= s.depth(); m++) {
          out[m - 1] = new int[] {1, Math.min(s.layerIn(m), s.layerOut(m))};
        }
        yield out;
      }
      case LAYER_PAIR -> {
        int[][] out = new int[s.depth() + 1][];
        Arrays.fill(out, new int[] {k, k});
        yield out;
      }
    };
  }

  private static double[][][] row(double[] v) {
    return new double[][][] {{v}};
  }

  private static double[][][] block(double[][] a) {
    return new double[][][] {a};
  }

  private static double[][][] scalar(double v) {
    return new double[][][] {{{v}}};
  }
}
