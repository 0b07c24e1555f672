package ncverify.practical;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ncverify.data.NpyArray;
import ncverify.data.NpzReader;
import ncverify.measure.Matrices;

/**
 * The last-layer state of a trained network, as {@code ncverify measure} reads it from an
 * {@code .npz}: features, labels and head weights. Shapes follow {@code ncverify.measure}
 * (features d × N, one column per sample), not the file's N × d.
 *
 * <p>The file's arrays ({@code numpy.savez(path, features=…, labels=…, W=…, b=…, W1=…, …)}):
 * <ul>
 *   <li>{@code features}: N × d, float32/float64, finite — the head's input h_i, one row per sample;</li>
 *   <li>{@code labels}: N, int32/int64, values 0 … K−1, every class present;</li>
 *   <li>{@code W}: K × d, float, finite — the end-to-end classifier W_M⋯W_1, K ≥ 2;</li>
 *   <li>{@code b} (optional): K, float, finite — the last layer's bias;</li>
 *   <li>{@code W1} … {@code WM} (optional, all or none): the head layers, W_1 d_1 × d, W_m
 *       d_m × d_{m−1}, W_M K × d_{M−1}; their product must equal {@code W} to
 *       {@link #HEAD_PRODUCT_TOLERANCE}.</li>
 * </ul>
 * Any other array is ignored and listed in {@link #ignored()}. Every broken rule is a
 * {@link ncverify.core.InvalidInput} (exit 2) naming the file, the array and the rule.
 *
 * @param features H, d × N
 * @param labels y_i ∈ {0 … K−1}, length N
 * @param classes K
 * @param headWeights W_1 … W_M (row-major); just {W} when the file has no layers
 * @param bias b, or null
 * @param ignored names of arrays in the file that were not used
 */
public record NetworkState(double[][] features, int[] labels, int classes, double[][][] headWeights,
    double[] bias, List<String> ignored) {

  /**
   * Relative Frobenius distance allowed between W and W_M⋯W_1: float32 storage rounds each entry
   * by 6e-8 relative and a product of M layers of width ≤ 10^4 accumulates at most ~M·√width of
   * those; 1e-4 covers that with room and still catches a wrong or re-ordered layer (distance ~1).
   */
  public static final double HEAD_PRODUCT_TOLERANCE = 1e-4;

  /** Most head layers accepted (W1 … W64): deeper heads are not a UFM anyone studies. */
  public static final int MAX_HEAD_LAYERS = 64;

  /** N. */
  public int samples() { return labels.length; }

  /** d. */
  public int width() { return features.length; }

  /** W = W_M ⋯ W_1 (K × d). */
  public double[][] headProduct() {
    return product(headWeights);
  }

  /** W_M ⋯ W_1 of layers given first to last. */
  static double[][] product(double[][][] layers) {
    double[][] p = layers[0];
    for (int m = 1; m < layers.length; m++) {
      p = Matrices.multiply(layers[m], p);
    }
    return p;
  }

  /** n_k per class. */
  public int[] counts() {
    int[] n = new int[classes];
    for (int y : labels) {
      n[y]++;
    }
    return n;
  }

  /** Inner head widths d_1 … d_{M−1}. */
  public int[] innerWidths() {
    int[] w = new int[headWeights.length - 1];
    for (int m = 0; m < w.length; m++) {
      w[m] = headWeights[m].length;
    }
    return w;
  }

  /** Reads and validates {@code file}. */
  public static NetworkState read(Path file) {
    return of(file, NpzReader.read(file));
  }

  /** Validates arrays already read from {@code file} (named in messages). */
  public static NetworkState of(Path file, Map<String, NpyArray> arrays) {
    NpyArray f = require(file, arrays, "features");
    NpyArray y = require(file, arrays, "labels");
    NpyArray w = require(file, arrays, "W");
    requireFloating(file, f, 2, "N x d");
    requireFloating(file, w, 2, "K x d");
    if (y.floating() || y.shape().length != 1) {
      throw NpzReader.bad(file, "labels", "must be a 1-dimensional integer array (int32/int64) of "
          + "length N, found dtype '" + y.dtype() + "' shape " + y.shapeText());
    }
    int n = f.shape()[0];
    int d = f.shape()[1];
    int k = w.shape()[0];
    if (n < 1 || d < 1) {
      throw NpzReader.bad(file, "features", "needs at least one sample and one column, found shape "
          + f.shapeText());
    }
    if (y.shape()[0] != n) {
      throw NpzReader.bad(file, "labels", "length " + y.shape()[0] + " differs from N = " + n
          + " rows of 'features'");
    }
    if (k < 2 || w.shape()[1] != d) {
      throw NpzReader.bad(file, "W", "must be K x d with K >= 2 and d = " + d
          + " (the columns of 'features'), found shape " + w.shapeText());
    }
    requireFinite(file, f);
    requireFinite(file, w);
    int[] labels = new int[n];
    int[] seen = new int[k];
    for (int i = 0; i < n; i++) {
      long v = y.integers()[i];
      if (v < 0 || v >= k) {
        throw NpzReader.bad(file, "labels", "entry " + i + " is " + v + ", outside 0 … K-1 = "
            + (k - 1) + " (K = rows of 'W')");
      }
      labels[i] = (int) v;
      seen[labels[i]]++;
    }
    for (int c = 0; c < k; c++) {
      if (seen[c] == 0) {
        throw NpzReader.bad(file, "labels", "class " + c + " has no sample; every class 0 … K-1 = "
            + (k - 1) + " must occur (class means are undefined otherwise)");
      }
    }
    double[] bias = null;
    if (arrays.containsKey("b")) {
      NpyArray b = arrays.get("b");
      if (!b.floating() || b.shape().length != 1 || b.shape()[0] != k) {
        throw NpzReader.bad(file, "b", "must be a float vector of length K = " + k + ", found dtype '"
            + b.dtype() + "' shape " + b.shapeText());
      }
      requireFinite(file, b);
      bias = b.values().clone();
    }
    double[][] wMatrix = rows(w.values(), k, d);
    double[][][] layers = layers(file, arrays, k, d);
    if (layers == null) {
      layers = new double[][][] {wMatrix};
    } else {
      double[][] p = product(layers);
      double rel = Matrices.frobeniusNorm(Matrices.subtract(p, wMatrix))
          / Math.max(Matrices.frobeniusNorm(wMatrix), Double.MIN_NORMAL);
      if (!(rel <= HEAD_PRODUCT_TOLERANCE)) {
        throw NpzReader.bad(file, "W", String.format(java.util.Locale.ROOT,
            "differs from W%d @ … @ W1 by %.3g (relative Frobenius), more than %.0e: 'W' must be "
                + "the product of the head layers", layers.length, rel, HEAD_PRODUCT_TOLERANCE));
      }
    }
    double[][] h = new double[d][n];
    double[] fv = f.values();
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < d; r++) {
        h[r][i] = fv[i * d + r]; // N·d ≤ NpzReader's element limit < 2^31
      }
    }
    List<String> ignored = new ArrayList<>();
    for (String name : arrays.keySet()) {
      if (!name.equals("features") && !name.equals("labels") && !name.equals("W")
          && !name.equals("b") && !name.matches("W[1-9][0-9]*")) {
        ignored.add(name);
      }
    }
    return new NetworkState(h, labels, k, layers, bias, List.copyOf(ignored));
  }

  /** W1 … WM, or null if the file has none; checks that they are consecutive and chain. */
  private static double[][][] layers(Path file, Map<String, NpyArray> arrays, int k, int d) {
    TreeMap<Integer, NpyArray> found = new TreeMap<>();
    for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
      if (e.getKey().matches("W[1-9][0-9]{0,2}")) {
        int m = Integer.parseInt(e.getKey().substring(1));
        if (m > MAX_HEAD_LAYERS) {
          throw NpzReader.bad(file, e.getKey(), "at most " + MAX_HEAD_LAYERS + " head layers");
        }
        found.put(m, e.getValue());
      }
    }
    if (found.isEmpty()) {
      return null;
    }
    int depth = found.lastKey();
    if (found.size() != depth) {
      throw NpzReader.bad(file, "W" + depth, "head layers must be W1 … W" + depth
          + " without gaps, found " + found.keySet());
    }
    double[][][] out = new double[depth][][];
    int in = d;
    for (int m = 1; m <= depth; m++) {
      NpyArray a = found.get(m);
      String name = "W" + m;
      requireFloating(file, a, 2, m == depth ? "K x d_{M-1}" : "d_m x d_{m-1}");
      int rowsExpected = m == depth ? k : a.shape()[0];
      if (a.shape()[1] != in || a.shape()[0] != rowsExpected || a.shape()[0] < 1) {
        throw NpzReader.bad(file, name, "must have " + in + " columns ("
            + (m == 1 ? "d, the columns of 'features'" : "the rows of W" + (m - 1)) + ")"
            + (m == depth ? " and K = " + k + " rows (the last layer)" : "")
            + ", found shape " + a.shapeText());
      }
      requireFinite(file, a);
      out[m - 1] = rows(a.values(), a.shape()[0], a.shape()[1]);
      in = a.shape()[0];
    }
    return out;
  }

  private static NpyArray require(Path file, Map<String, NpyArray> arrays, String name) {
    NpyArray a = arrays.get(name);
    if (a == null) {
      throw NpzReader.bad(file, name, "is missing; the file needs 'features' (N x d), 'labels' (N) "
          + "and 'W' (K x d), found " + arrays.keySet());
    }
    return a;
  }

  private static void requireFloating(Path file, NpyArray a, int rank, String shape) {
    if (!a.floating() || a.shape().length != rank) {
      throw NpzReader.bad(file, a.name(), "must be a " + shape + " float32/float64 array, found dtype '"
          + a.dtype() + "' shape " + a.shapeText());
    }
  }

  private static void requireFinite(Path file, NpyArray a) {
    double[] v = a.values();
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw NpzReader.bad(file, a.name(), "entry " + i + " (flat, C order) is " + v[i]
            + "; every entry must be finite");
      }
    }
  }

  private static double[][] rows(double[] v, int rows, int cols) {
    double[][] a = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(v, r * cols, a[r], 0, cols);
    }
    return a;
  }
}
