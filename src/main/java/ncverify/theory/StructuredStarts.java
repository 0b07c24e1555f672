package ncverify.theory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import ncverify.problem.Features;
import ncverify.problem.Layout;
import ncverify.problem.Setting;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import ncverify.train.MultiStart.Ray;

/**
 * The one place for structured starting points: parameter points with the structures the theory
 * of these models selects or suspects, which random restarts may miss. Optimisers polish them;
 * they never decide a verdict by themselves. Two generators, by what the theory fixes:
 *
 * <p><b>Rays</b> ({@link #rays}: the structure is fixed, its scale is not) — the point with logits
 * W H̄ = c·L, balanced across layers (THEORY.md §3.2), as a function of the scale c &gt; 0 (a
 * {@link Ray} in the layout of the given setting), sized by a line search:
 * <ul>
 *   <li>{@code frame(j)}: the j largest classes live with orthogonal logits (L = Σ_{k live} e_k e_kᵀ),
 *       the others collapsed: the orthogonal-frame structure of the MSE optima (P1 Thm 3.1) and of
 *       P2's non-negative optima, with minority collapse always taking the smallest classes (P1, P2);</li>
 *   <li>{@code etf(j)}: the j largest classes form a simplex ETF (L = the centring projector on
 *       them), the others collapsed: the CE and bias structures (P1 Thm 4.1, Zhu et al. 2021).</li>
 * </ul>
 * The non-global critical points that depth creates (the origin, partial solutions) differ from the
 * global minimiser mostly in which classes are live, so polishing every live set reaches the basin
 * of the global one where random starts do not (THEORY.md §7).
 *
 * <p><b>Points</b> ({@link #points}: structure and scales fixed by a scalar reduction, with its
 * value) — explicit points known (or suspected) to compete with a family's predicted minimiser; a
 * competitor search polishes each of them whichever claim it judges, so a published
 * counterexample is found at every seed rather than by luck of the random starts. Known today: the
 * block-simplex constructions for balanced deep cross-entropy ({@link BlockSimplexCandidates}:
 * antipodal pairs after Garrod &amp; Keating, arXiv 2410.23169, Theorem 1, odd-K variants with a
 * live singleton, and groups with unequal scales), and the triangular-graph low-rank point of a
 * ReLU head with K = C(r, 2) classes ({@link ReluLowRankCandidate}), which beats deep neural
 * collapse from M = 4 on.
 */
public final class StructuredStarts {
  private StructuredStarts() {}

  /**
   * How many of the lowest block-simplex partitions {@link #points} offers (besides Garrod &amp;
   * Keating's own construction, always offered). Reason: for K ≤ 10 the lowest three cover every
   * partition that was ever the best non-ETF one in the λ scans of BlockSimplexCandidatesTest;
   * each costs one L-BFGS polish.
   */
  public static final int BLOCK_SIMPLEX_OFFERED = 3;

  /**
   * One explicit structured point.
   *
   * @param origin what it is, for reports (e.g. "block simplex 2+2 (scales 4.3, 4.3)")
   * @param point the explicit flat parameter vector (see {@link ncverify.problem.Layout})
   * @param value its objective value from the theory's scalar reduction
   */
  public record Point(String origin, double[] point, double value) {}

  /** Every explicit structured point known for the setting (empty where none is known). */
  public static List<Point> points(Setting s) {
    List<Point> out = new ArrayList<>();
    if (BlockSimplexCandidates.covers(s)) {
      for (BlockSimplexCandidates.Candidate c : BlockSimplexCandidates.competitors(s, BLOCK_SIMPLEX_OFFERED)) {
        out.add(new Point(c.name(), c.point(), c.value()));
      }
    }
    if (ReluLowRankCandidate.covers(s)) {
      out.add(ReluLowRankCandidate.point(s));
    }
    return out;
  }

  /** The largest number of live-set sizes j tried per structure (all of them when K is at most this). */
  public static final int MAX_LIVE_SETS = 12;
  /** Singular values below this fraction of the largest are zero (exact zeros up to rounding). */
  static final double RANK_CUTOFF = 1e-12;

  /**
   * The rays for {@code shape} (the setting whose parameter layout the points use, e.g. the reduced
   * class-mean setting) with classes ranked by the counts of {@code s}. Requires λ_H &gt; 0 and every
   * λ_m &gt; 0 (the balanced factorisation divides by them); returns no ray otherwise.
   *
   * @param shape layout of the points: one sample per class (the class-mean problem)
   * @param counts class counts n_k that rank the classes (largest first, ties by index)
   */
  public static List<Ray> rays(Setting shape, int[] counts) {
    List<Ray> rays = new ArrayList<>();
    if (!(shape.lambdaH() > 0) || !Arrays.stream(shape.lambdaW()).allMatch(l -> l > 0)) {
      return rays;
    }
    int k = shape.K();
    Integer[] order = IntStream.range(0, k).boxed()
        .sorted(Comparator.comparingInt((Integer c) -> -counts[c]).thenComparingInt(c -> c))
        .toArray(Integer[]::new);
    for (int j : liveSetSizes(k)) {
      int[] live = Arrays.stream(order, 0, j).mapToInt(Integer::intValue).toArray();
      double[][] frame = new double[j][k];
      for (int i = 0; i < j; i++) {
        frame[i][live[i]] = 1;
      }
      addRay(rays, shape, counts, "frame(" + j + " live)", frame);
      if (j >= 2) {
        double[][] centred = Families.centredBasis(j);
        double[][] etf = new double[j - 1][k];
        for (int i = 0; i < j - 1; i++) {
          for (int c = 0; c < j; c++) {
            etf[i][live[c]] = centred[i][c];
          }
        }
        addRay(rays, shape, counts, "etf(" + j + " live)", etf);
      }
    }
    return rays;
  }

  /** 1 … K when K ≤ {@link #MAX_LIVE_SETS}; otherwise K and a geometric grid below it. */
  static int[] liveSetSizes(int k) {
    if (k <= MAX_LIVE_SETS) {
      return IntStream.rangeClosed(1, k).toArray();
    }
    return IntStream.range(0, MAX_LIVE_SETS)
        .map(i -> (int) Math.round(Math.pow(k, (double) i / (MAX_LIVE_SETS - 1))))
        .distinct().toArray();
  }

  /**
   * Adds the ray x(c) with logits W H̄ = c·L (L given by its rows {@code modes}ᵀ… as Σ_i m_i m_iᵀ on
   * the live classes), balanced for the weighted penalty (λ_H/2) Σ_k n_k‖h̄_k‖² of the class-mean
   * problem: the balanced factorisation is applied to the scaled logits Z = c·L·D^{1/2}
   * (D = diag(n_k)), as THEORY.md §3.2 prescribes, and H̄ = G D^{−1/2}. Skipped when the rank of L
   * exceeds the narrowest width.
   */
  private static void addRay(List<Ray> rays, Setting shape, int[] counts, String name,
      double[][] modes) {
    int width = Math.min(shape.d(), Arrays.stream(shape.innerWidths()).min().orElse(shape.d()));
    if (modes.length > width) {
      return;
    }
    int k = shape.K();
    double[][] scaled = new double[k][k];
    for (double[] m : modes) {
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          scaled[a][b] += m[a] * m[b] * Math.sqrt(counts[b]);
        }
      }
    }
    SingularValueDecomposition svd = new SingularValueDecomposition(MatrixUtils.createRealMatrix(scaled));
    double[] sigma = svd.getSingularValues();
    int rank = (int) Arrays.stream(sigma).filter(v -> v > RANK_CUTOFF * sigma[0]).count();
    double[][] u = new double[rank][];
    double[][] v = new double[rank][];
    for (int i = 0; i < rank; i++) {
      u[i] = svd.getU().getColumn(i);
      v[i] = svd.getV().getColumn(i);
    }
    Layout layout = new Layout(shape);
    rays.add(new Ray(name, c -> {
      double[] z = new double[rank];
      for (int i = 0; i < rank; i++) {
        z[i] = c * sigma[i];
      }
      double[] x = new BalancedFactorization(shape, u, v, z)
          .parameters(shape.hasBias() ? new double[k] : null);
      for (int col = 0; col < shape.N(); col++) {
        double share = 1.0 / Math.sqrt(counts[shape.labels()[col]]);
        for (int r = 0; r < shape.d(); r++) {
          x[layout.h(r, col)] *= share;
        }
      }
      if (shape.features() == Features.NONNEG) {
        nonnegativeFrame(layout, x);
      }
      return x;
    }));
  }

  /**
   * For non-negative features (H ≥ 0): replaces H̄ by the non-negative orthogonal frame with the
   * same column norms (class k's column on its own coordinate) and lets the first layer absorb the
   * change, W₁' = W₁ H̄ A⁺ with A the frame, so that W₁'A = W₁H̄ and every logit (and, with ReLU
   * between layers, every activation) is unchanged: the ray still has logits c·L. The balanced
   * factorisation's H̄ has the signs of the modes (and, where class counts tie, any rotation of the
   * tied singular vectors), so clipping or taking |H̄| instead changed the logits arbitrarily: on
   * the K = 100 bench setting every ray then rose monotonically from c → 0 and all 22 rays started
   * at the origin. Left as it is (|H̄|) when more classes are live than the width d.
   */
  private static void nonnegativeFrame(Layout layout, double[] x) {
    Setting shape = layout.setting();
    double[][] h = layout.hMatrix(x);
    int d = shape.d();
    int n = shape.N();
    double[] norm = new double[n];
    int live = 0;
    for (int col = 0; col < n; col++) {
      double acc = 0;
      for (int r = 0; r < d; r++) {
        acc += h[r][col] * h[r][col];
      }
      norm[col] = Math.sqrt(acc);
      live += norm[col] > 0 ? 1 : 0;
    }
    if (live > d) {
      for (double[] row : h) {
        for (int col = 0; col < n; col++) {
          row[col] = Math.abs(row[col]);
        }
      }
      layout.setH(x, h);
      return;
    }
    double[][] w = layout.wMatrix(x, 1);
    double[][] wNew = new double[w.length][d];
    double[][] frame = new double[d][n];
    int coordinate = 0;
    for (int col = 0; col < n; col++) {
      if (norm[col] == 0) {
        continue;
      }
      for (int o = 0; o < w.length; o++) {
        double acc = 0;
        for (int r = 0; r < d; r++) {
          acc += w[o][r] * h[r][col];
        }
        wNew[o][coordinate] = acc / norm[col];
      }
      frame[coordinate][col] = norm[col];
      coordinate++;
    }
    layout.setW(x, 1, wNew);
    layout.setH(x, frame);
  }
}
