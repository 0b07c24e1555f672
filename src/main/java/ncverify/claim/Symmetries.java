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
 * <p><b>Classes with equal counts.</b> For MSE without bias and free features, with classes
 * k ∈ g of one count n, the class-mean objective Σ_k n‖W h̄_k − e_k‖² + penalties is invariant
 * under W → QᵀW, H̄ → H̄Q for every orthogonal Q acting on the classes of g (n‖QᵀZQ − I‖ =
 * n‖Z − I‖ on the block, and the penalties are orthogonally invariant with equal weights): the
 * classes of g are not only interchangeable (permutations) but can be mixed. A prediction that
 * treats the classes of g alike (every n_k-determined family away from a tie) is a fixed point of
 * these symmetries, so comparing with it is invariant already. Only where the theory breaks the
 * symmetry — at a tie, choosing which of the equal classes stay live — is the measured point first
 * moved by the symmetry that best aligns it ({@link #alignEqualCounts}); with CE or a bias only
 * permutations are symmetries, and no alignment is made.
 */
public final class Symmetries {
  private Symmetries() {}

  /** The groups (size ≥ 2) of classes with equal counts, in class order. */
  public static List<int[]> equalCountGroups(Setting s) {
    Map<Integer, List<Integer>> byCount = new LinkedHashMap<>();
    for (int k = 0; k < s.K(); k++) {
      byCount.computeIfAbsent(s.count(k), c -> new ArrayList<>()).add(k);
    }
    return byCount.values().stream().filter(g -> g.size() >= 2)
        .map(g -> g.stream().mapToInt(Integer::intValue).toArray()).toList();
  }

  /** Whether mixing equal-count classes by any orthogonal Q leaves the objective unchanged. */
  public static boolean mixesEqualCounts(Setting s) {
    return s.loss() == Loss.MSE && s.bias() == Bias.NONE && s.features() == Features.FREE;
  }

  /**
   * The point x moved by the equal-count symmetry that best aligns its logits Z = W H̄ with q's:
   * for each group g, Q_g = V_g U_gᵀ, with V_g, U_g the eigenvectors of the symmetric parts of the
   * measured and predicted logit blocks, eigenvalues in decreasing order (then QᵀZQ has the
   * predicted eigenvectors on the block; Hoffman–Wielandt: no orthogonal Q aligns better). The
   * last layer's rows and the class means mix; each sample keeps its offset from its class mean.
   * Returns x itself where no such symmetry exists ({@link #mixesEqualCounts}) or no group does.
   *
   * @param q the prediction whose structure x is compared with (same setting)
   * @param x a flat parameter vector of q's setting ({@link Layout})
   */
  public static double[] alignEqualCounts(Prediction q, double[] x) {
    Setting s = q.setting();
    List<int[]> groups = equalCountGroups(s);
    if (!mixesEqualCounts(s) || groups.isEmpty()) {
      return x;
    }
    int k = s.K();
    double[][] z = PointGeometry.of(new Layout(s), x).logits();
    double[][] qMat = new double[k][k];
    for (int c = 0; c < k; c++) {
      qMat[c][c] = 1;
    }
    for (int[] g : groups) {
      double[][] v = sortedEigenvectors(block(z, g));
      double[][] u = sortedEigenvectors(block(q.logits(), g));
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
    Layout layout = new Layout(s);
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
    double[][] means = PointGeometry.of(layout, x).means(); // d × K
    double[][] h = layout.hMatrix(x);
    int[] labels = s.labels();
    for (int i = 0; i < labels.length; i++) {
      int y = labels[i];
      for (int r = 0; r < h.length; r++) {
        double moved = 0;
        for (int c = 0; c < k; c++) {
          moved += means[r][c] * qMat[c][y]; // (H̄Q)_y
        }
        h[r][i] += moved - means[r][y];
      }
    }
    layout.setH(out, h);
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

  /** Eigenvectors as columns (row i, column j = entry i of vector j), eigenvalues decreasing. */
  private static double[][] sortedEigenvectors(double[][] symmetric) {
    EigenDecomposition e = new EigenDecomposition(MatrixUtils.createRealMatrix(symmetric));
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
