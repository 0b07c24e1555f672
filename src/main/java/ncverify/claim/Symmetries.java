package ncverify.claim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import ncverify.measure.PointGeometry;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Layout;
import ncverify.problem.Loss;
import ncverify.problem.Setting;
import ncverify.theory.Prediction;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;

/**
 * The objective's symmetries that act on the classes, and how a measured point is compared modulo
 * them (issue 11, "comparisons modulo the objective's symmetries"). The others are handled where
 * the quantities are measured: rotations of the feature space and the sign/scale symmetries of a
 * layer pair (W_m → −W_m, W_{m+1} → −W_{m+1}, or any invertible A with W_{m+1}A⁻¹, A W_m) leave
 * the product W, the features H̄ and every layer's singular values unchanged, so every check
 * (Grams, norms, logits, margins, singular values) is invariant by construction; CE's bias shift
 * b → b + c·1 is removed in {@link Comparison#logitDeviation}.
 *
 * <p><b>Classes with equal counts.</b> For a group g of classes with one count n, moving the
 * classes by a matrix Q acting on g (W_M → QᵀW_M, b → Qᵀb, H̄ → H̄Q; each sample keeps its offset
 * from its class mean) maps the logits to QᵀZQ (when 1ᵀQ = 1ᵀ, also with a bias) and is a
 * symmetry of the objective for these Q ({@link #kindOf}):
 * <ul>
 *   <li>{@link Kind#ORTHOGONAL} — MSE without bias, free features, linear head (any depth): every
 *       orthogonal Q (n‖QᵀZQ − I‖ = n‖Z − I‖ on the block, the penalties are orthogonally
 *       invariant with equal weights): the classes of g can be mixed;</li>
 *   <li>{@link Kind#ORTHOGONAL_FIXING_ONES} — MSE with a bias (free or regularised), free features,
 *       linear head: every orthogonal Q with Q1 = 1 on the block (then Qᵀb1ᵀQ = Qᵀb1ᵀ, so the
 *       bias moves with the classes; ‖Qᵀb‖ = ‖b‖);</li>
 *   <li>{@link Kind#PERMUTATION} — every other setting (CE, label smoothing, focal; non-negative
 *       features; ReLU heads): only permutations (the loss treats each class on its own, a
 *       permutation keeps features non-negative and commutes with every ReLU).</li>
 * </ul>
 * A prediction that treats the classes of g alike (every n_k-determined family away from a tie)
 * is a fixed point of these symmetries, so comparing with it is invariant already. Only where the
 * theory breaks the symmetry — at a tie, choosing which of the equal classes stay live — is the
 * measured point first moved by the symmetry that best aligns it ({@link #alignEqualCounts}).
 */
public final class Symmetries {
  private Symmetries() {}

  /** Which moves of equal-count classes are symmetries of a setting's objective. */
  public enum Kind { ORTHOGONAL, ORTHOGONAL_FIXING_ONES, PERMUTATION }

  /**
   * The largest equal-count group whose permutations are searched exhaustively (8! = 40 320
   * candidates × K² entries); a larger group is left as it is (sound: the point is only not moved).
   */
  public static final int MAX_PERMUTED_GROUP = 8;

  /** The groups (size ≥ 2) of classes with equal counts, in class order. */
  public static List<int[]> equalCountGroups(Setting s) {
    Map<Integer, List<Integer>> byCount = new LinkedHashMap<>();
    for (int k = 0; k < s.K(); k++) {
      byCount.computeIfAbsent(s.count(k), c -> new ArrayList<>()).add(k);
    }
    return byCount.values().stream().filter(g -> g.size() >= 2)
        .map(g -> g.stream().mapToInt(Integer::intValue).toArray()).toList();
  }

  /** Which moves of equal-count classes leave the setting's objective unchanged (see the class comment). */
  public static Kind kindOf(Setting s) {
    if (s.loss() != Loss.MSE || s.features() != Features.FREE || s.relu()) {
      return Kind.PERMUTATION;
    }
    return s.bias() == Bias.NONE ? Kind.ORTHOGONAL : Kind.ORTHOGONAL_FIXING_ONES;
  }

  /** Whether mixing equal-count classes by any orthogonal Q leaves the objective unchanged. */
  public static boolean mixesEqualCounts(Setting s) {
    return kindOf(s) == Kind.ORTHOGONAL;
  }

  /**
   * The point x moved by the equal-count symmetry ({@link #kindOf}) that best aligns its logits
   * Z = W H̄ + b1ᵀ with q's, group by group. ORTHOGONAL: Q_g = V_g U_gᵀ, with V_g, U_g the
   * eigenvectors of the symmetric parts of the measured and predicted logit blocks, eigenvalues
   * in decreasing order (then QᵀZQ has the predicted eigenvectors on the block; Hoffman–Wielandt:
   * no orthogonal Q aligns better); ORTHOGONAL_FIXING_ONES: the same within the complement of
   * 1_g (Q = 11ᵀ/g + U V_c U_cᵀ Uᵀ, U an orthonormal basis of 1_g^⊥); PERMUTATION: the permutation
   * of g with the least ‖QᵀZQ − Z_q‖_F (exhaustive up to {@link #MAX_PERMUTED_GROUP}). The last
   * layer's rows, the bias and the class means move; each sample keeps its offset from its class
   * mean. f is unchanged (tested). Returns x itself where no group exists.
   *
   * @param q the prediction whose structure x is compared with (same setting)
   * @param x a flat parameter vector of q's setting ({@link Layout})
   */
  public static double[] alignEqualCounts(Prediction q, double[] x) {
    Setting s = q.setting();
    List<int[]> groups = equalCountGroups(s);
    if (groups.isEmpty()) {
      return x;
    }
    int k = s.K();
    Layout layout = new Layout(s);
    double[][] z = PointGeometry.of(layout, x).logits();
    double[][] qMat = new double[k][k];
    for (int c = 0; c < k; c++) {
      qMat[c][c] = 1;
    }
    Kind kind = kindOf(s);
    if (kind == Kind.PERMUTATION) {
      int[] source = IntStream.range(0, k).toArray();
      for (int[] g : groups) {
        int[] best = bestPermutation(z, q.logits(), g);
        for (int a = 0; a < g.length; a++) {
          source[g[a]] = g[best[a]]; // class g[a] of the moved point is class g[best[a]] of x
        }
      }
      return java.util.Arrays.equals(source, IntStream.range(0, k).toArray()) ? x
          : permuted(layout, x, source);
    }
    for (int[] g : groups) {
      double[][] v = kind == Kind.ORTHOGONAL ? sortedEigenvectors(block(z, g))
          : fixingOnes(block(z, g));
      double[][] u = kind == Kind.ORTHOGONAL ? sortedEigenvectors(block(q.logits(), g))
          : fixingOnes(block(q.logits(), g));
      for (int a = 0; a < g.length; a++) {
        for (int b = 0; b < g.length; b++) {
          double acc = 0;
          for (int i = 0; i < g.length; i++) {
            acc += v[a][i] * u[b][i];
          }
          qMat[g[a]][g[b]] = acc;
        }
      }
    }
    return moved(layout, x, qMat);
  }

  /**
   * W_M → QᵀW_M, b → Qᵀb, H̄ → H̄Q for a K × K matrix Q (each sample keeps its offset from its
   * class mean); a symmetry of f only for the Q of {@link #kindOf}.
   */
  static double[] moved(Layout layout, double[] x, double[][] qMat) {
    Setting s = layout.setting();
    int k = s.K();
    double[] out = x.clone();
    int m = s.depth();
    double[][] wLast = layout.wMatrix(x, m);
    double[][] wNew = new double[k][wLast[0].length];
    for (int row = 0; row < k; row++) {
      for (int c = 0; c < k; c++) {
        double factor = qMat[c][row]; // (QᵀW)_row = Σ_c Q_{c,row} W_c
        if (factor != 0) {
          for (int j = 0; j < wLast[0].length; j++) {
            wNew[row][j] += factor * wLast[c][j];
          }
        }
      }
    }
    layout.setW(out, m, wNew);
    if (s.hasBias()) {
      int off = layout.bOffset();
      for (int row = 0; row < k; row++) {
        double acc = 0;
        for (int c = 0; c < k; c++) {
          acc += qMat[c][row] * x[off + c];
        }
        out[off + row] = acc;
      }
    }
    double[][] means = PointGeometry.of(layout, x).means(); // d × K
    double[][] h = layout.hMatrix(x);
    int[] labels = s.labels();
    for (int i = 0; i < labels.length; i++) {
      int y = labels[i];
      for (int r = 0; r < h.length; r++) {
        double acc = 0;
        for (int c = 0; c < k; c++) {
          acc += means[r][c] * qMat[c][y]; // (H̄Q)_y
        }
        h[r][i] += acc - means[r][y];
      }
    }
    layout.setH(out, h);
    return out;
  }

  /**
   * The point with class c taking the place of class source[c] (source a permutation within
   * equal-count groups): W_M's row c, b_c and the samples of class c (in order) are those of class
   * source[c]. A symmetry of every objective here (the loss treats the samples alike, the
   * penalties are sums over samples and rows, a permutation commutes with every ReLU); moving only
   * the class means would not be one for a non-quadratic loss, whose samples keep their own
   * offsets.
   */
  static double[] permuted(Layout layout, double[] x, int[] source) {
    Setting s = layout.setting();
    int k = s.K();
    double[] out = x.clone();
    double[][] w = layout.wMatrix(x, s.depth());
    double[][] wNew = new double[k][];
    for (int c = 0; c < k; c++) {
      wNew[c] = w[source[c]].clone();
    }
    layout.setW(out, s.depth(), wNew);
    if (s.hasBias()) {
      for (int c = 0; c < k; c++) {
        out[layout.bOffset() + c] = x[layout.bOffset() + source[c]];
      }
    }
    int[] labels = s.labels();
    List<List<Integer>> samples = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      samples.add(new ArrayList<>());
    }
    for (int i = 0; i < labels.length; i++) {
      samples.get(labels[i]).add(i);
    }
    double[][] h = layout.hMatrix(x);
    double[][] hNew = layout.hMatrix(x);
    for (int c = 0; c < k; c++) {
      List<Integer> to = samples.get(c);
      List<Integer> from = samples.get(source[c]);
      for (int j = 0; j < to.size(); j++) {
        for (int r = 0; r < h.length; r++) {
          hNew[r][to.get(j)] = h[r][from.get(j)];
        }
      }
    }
    layout.setH(out, hNew);
    return out;
  }

  /**
   * The permutation π of the group (index a → π(a)) minimising Σ |Z[g[π(a)]][g[π(b)]] − Zq[g[a]][g[b]]|²
   * over the group's rows and columns of the full logit matrices (identity beyond
   * {@link #MAX_PERMUTED_GROUP}); ties keep the first in lexicographic order (deterministic).
   */
  private static int[] bestPermutation(double[][] z, double[][] zq, int[] g) {
    int n = g.length;
    int[] perm = IntStream.range(0, n).toArray();
    if (n > MAX_PERMUTED_GROUP) {
      return perm;
    }
    int[] best = perm.clone();
    double bestCost = Double.POSITIVE_INFINITY;
    do {
      double cost = permutedCost(z, zq, g, perm);
      if (cost < bestCost) {
        bestCost = cost;
        best = perm.clone();
      }
    } while (nextPermutation(perm));
    return best;
  }

  private static double permutedCost(double[][] z, double[][] zq, int[] g, int[] perm) {
    int k = z.length;
    int[] map = IntStream.range(0, k).toArray();
    for (int a = 0; a < g.length; a++) {
      map[g[a]] = g[perm[a]];
    }
    double cost = 0;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double d = z[map[i]][map[j]] - zq[i][j];
        cost += d * d;
      }
    }
    return cost;
  }

  /** Lexicographic successor in place; false after the last permutation. */
  private static boolean nextPermutation(int[] a) {
    int i = a.length - 2;
    while (i >= 0 && a[i] >= a[i + 1]) {
      i--;
    }
    if (i < 0) {
      return false;
    }
    int j = a.length - 1;
    while (a[j] <= a[i]) {
      j--;
    }
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
    for (int l = i + 1, r = a.length - 1; l < r; l++, r--) {
      t = a[l];
      a[l] = a[r];
      a[r] = t;
    }
    return true;
  }

  /**
   * An orthonormal basis of the group's space whose first vector is 1/√g and whose others span
   * 1^⊥ along the eigenvectors of the symmetric block restricted there (eigenvalues decreasing):
   * columns, as {@link #sortedEigenvectors}. Pairing two such bases gives a Q with Q1 = 1.
   */
  private static double[][] fixingOnes(double[][] symmetricBlock) {
    int n = symmetricBlock.length;
    double[][] basis = onesComplement(n); // n × (n − 1)
    double[][] restricted = new double[n - 1][n - 1];
    for (int a = 0; a < n - 1; a++) {
      for (int b = 0; b < n - 1; b++) {
        double acc = 0;
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            acc += basis[i][a] * symmetricBlock[i][j] * basis[j][b];
          }
        }
        restricted[a][b] = acc;
      }
    }
    for (int a = 0; a < n - 1; a++) { // exactly symmetric (the sums above round differently)
      for (int b = 0; b < a; b++) {
        double mean = 0.5 * (restricted[a][b] + restricted[b][a]);
        restricted[a][b] = mean;
        restricted[b][a] = mean;
      }
    }
    double[][] e = sortedEigenvectors(restricted);
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      out[i][0] = 1 / Math.sqrt(n);
      for (int c = 0; c < n - 1; c++) {
        double acc = 0;
        for (int a = 0; a < n - 1; a++) {
          acc += basis[i][a] * e[a][c];
        }
        out[i][c + 1] = acc;
      }
    }
    return out;
  }

  /** An orthonormal basis of 1^⊥ in R^n (Helmert columns), n × (n − 1). */
  private static double[][] onesComplement(int n) {
    double[][] out = new double[n][n - 1];
    for (int c = 1; c < n; c++) {
      double norm = Math.sqrt(c * (c + 1.0));
      for (int i = 0; i < c; i++) {
        out[i][c - 1] = 1 / norm;
      }
      out[c][c - 1] = -c / norm;
    }
    return out;
  }

  private static double[][] block(double[][] a, int[] g) {
    double[][] out = new double[g.length][g.length];
    for (int i = 0; i < g.length; i++) {
      for (int j = 0; j < g.length; j++) {
        out[i][j] = 0.5 * (a[g[i]][g[j]] + a[g[j]][g[i]]);
      }
    }
    return out;
  }

  /**
   * Eigenvectors as columns (row i, column j = entry i of vector j), eigenvalues decreasing; the
   * identity where the matrix has a non-finite entry or the decomposition does not converge (the
   * point is then not moved: sound, only no alignment).
   */
  private static double[][] sortedEigenvectors(double[][] symmetric) {
    int size = symmetric.length;
    EigenDecomposition e;
    try {
      if (!java.util.Arrays.stream(symmetric).flatMapToDouble(java.util.Arrays::stream)
          .allMatch(Double::isFinite)) {
        throw new ArithmeticException("non-finite entry");
      }
      e = new EigenDecomposition(MatrixUtils.createRealMatrix(symmetric));
    } catch (ArithmeticException | org.apache.commons.math3.exception.MathIllegalStateException ex) {
      double[][] identity = new double[size][size];
      for (int i = 0; i < size; i++) {
        identity[i][i] = 1;
      }
      return identity;
    }
    double[] values = e.getRealEigenvalues();
    Integer[] order = IntStream.range(0, values.length).boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -values[i]).thenComparingInt(i -> i))
        .toArray(Integer[]::new);
    int n = values.length;
    double[][] out = new double[n][n];
    for (int j = 0; j < n; j++) {
      double[] vec = e.getEigenvector(order[j]).toArray();
      for (int i = 0; i < n; i++) {
        out[i][j] = vec[i];
      }
    }
    return out;
  }
}
