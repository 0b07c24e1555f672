package ncverify.theory;

import java.util.ArrayList;
import java.util.List;
import ncverify.measure.Matrices;
import ncverify.measure.PointGeometry;
import ncverify.problem.Setting;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The tied optimal set of a mode-separable MSE theory (unregularised bias:
 * {@link MseFreeBiasTheory}; regularised bias: {@link MseRegularizedBiasTheory}), where the scaled
 * logits Z = W H̄ D^{1/2} of every global minimiser are Z = Σ_b z_b U_bᵀ Π_b V_b: the target's
 * singular directions split into blocks b of equal singular value (orthonormal rows U_b, V_b,
 * m_b of them), and a minimiser takes in block b a rank-r_b projection Π_b (any r_b-dimensional
 * subspace of the block, since the block's target is σ_b U_bᵀ V_b and rotating both sides inside it
 * leaves it unchanged) with the block's live singular value z_b on it. The value is
 * Σ_b r_b·live_b + (m_b − r_b)·dead_b, so a block at its own threshold (live_b tied with dead_b by
 * the theory's per-mode tie rule) takes any rank, every other block its better end, under the rank
 * limit Σ r_b ≤ rank (von Neumann's trace inequality is
 * tight exactly for a simultaneous SVD; derivation in proofs/mse-tie-sets.m and README "Ties").
 *
 * <p>Projection: for a point x, A_b = U_b Z(x) V_bᵀ; the nearest z_b·Π_b of rank r is spanned by
 * the top r eigenvectors of (A_b + A_bᵀ)/2 (‖A − zΠ‖² = ‖A‖² − 2z·tr(ΠA) + z²r), and the rank
 * vector with the least total distance is chosen; the cross-block parts of Z are not
 * reproduced, so a point that has them is accepted by no member.
 */
public final class ModeTieSet implements TieSet {
  /**
   * One block of equal target singular values.
   *
   * @param u m × K orthonormal rows (left directions, class space)
   * @param v m × K orthonormal rows (right directions)
   * @param z the block's live singular value of Z (0: the block has no live root, only rank 0)
   * @param live the objective's share of one mode with singular value z
   * @param dead the objective's share of one mode at 0
   * @param tied the block's modes sit at their threshold by the theory's own tie rule
   *     ({@link ScalarMinimizer.Result#atThreshold()} of any of its modes: at an exact threshold
   *     the round-off in equal singular values may flip single modes either way)
   */
  public record Block(double[][] u, double[][] v, double z, double live, double dead, boolean tied) {
    /** The ranks this block may take in a global minimiser: all at its threshold, else the better end. */
    int[] allowedRanks() {
      int m = u.length;
      if (!(z > 0)) {
        return new int[] {0};
      }
      if (tied) {
        return java.util.stream.IntStream.rangeClosed(0, m).toArray();
      }
      return new int[] {live < dead ? m : 0};
    }
  }

  /** Builds the theory's full prediction from chosen modes (rows u_i, v_i; values z_i > 0). */
  @FunctionalInterface
  public interface Member {
    Prediction build(double[][] u, double[][] v, double[] z, int[] ranks);
  }

  /**
   * The most rank vectors enumerated (Π(m_b + 1)); beyond it no set is built (the tie stays
   * flagged but undescribed, INCONCLUSIVE). 2^12: K ≤ 13 separate modes.
   */
  static final int MAX_RANK_VECTORS = 4096;

  private final Setting setting;
  private final List<Block> blocks;
  private final List<int[]> optimalRanks;
  private final Member member;

  private ModeTieSet(Setting s, List<Block> blocks, List<int[]> optimalRanks, Member member) {
    this.setting = s;
    this.blocks = List.copyOf(blocks);
    this.optimalRanks = List.copyOf(optimalRanks);
    this.member = member;
  }

  /**
   * The set, or null when there are more rank vectors than {@link #MAX_RANK_VECTORS}.
   *
   * @param rankLimit the most live modes (the setting's rank)
   */
  public static ModeTieSet of(Setting s, List<Block> blocks, int rankLimit, Member member) {
    long count = 1;
    for (Block b : blocks) {
      count *= b.allowedRanks().length;
      if (count > MAX_RANK_VECTORS) {
        return null;
      }
    }
    List<int[]> all = new ArrayList<>();
    enumerate(blocks, 0, new int[blocks.size()], rankLimit, all);
    return all.isEmpty() ? null : new ModeTieSet(s, blocks, all, member);
  }

  private static void enumerate(List<Block> blocks, int i, int[] r, int left, List<int[]> out) {
    if (i == blocks.size()) {
      out.add(r.clone());
      return;
    }
    for (int k : blocks.get(i).allowedRanks()) {
      if (k <= left) {
        r[i] = k;
        enumerate(blocks, i + 1, r, left - k, out);
      }
    }
  }

  /** The optimal rank vectors (r_b per block), for tests and reports. */
  public List<int[]> optimalRanks() {
    return optimalRanks;
  }

  @Override
  public String description() {
    StringBuilder sb = new StringBuilder("Z = Σ_b z_b·Π_b over " + blocks.size()
        + " block(s) of equal target singular values (dimensions");
    for (Block b : blocks) {
      sb.append(' ').append(b.u().length);
    }
    return sb.append("), every subspace of a block, ").append(optimalRanks.size())
        .append(" tied rank vector(s)").toString();
  }

  @Override
  public Prediction nearest(double[] x) {
    PointGeometry g = PointGeometry.of(setting, x);
    double[][] z = Matrices.multiply(g.classifier(), g.means());
    for (double[] row : z) {
      for (int c = 0; c < row.length; c++) {
        row[c] *= Math.sqrt(setting.count(c));
      }
    }
    // Per block: eigenvalues (decreasing) and eigenvectors of the symmetric part of U_b Z V_bᵀ.
    double[][] eigenvalues = new double[blocks.size()][];
    double[][][] eigenvectors = new double[blocks.size()][][];
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      int m = b.u().length;
      double[][] a = Matrices.multiply(Matrices.multiply(b.u(), z), Matrices.transpose(b.v()));
      RealMatrix sym = MatrixUtils.createRealMatrix(a).add(MatrixUtils.createRealMatrix(a).transpose())
          .scalarMultiply(0.5);
      EigenDecomposition e = new EigenDecomposition(sym);
      double[] ev = e.getRealEigenvalues();
      Integer[] order = new Integer[m];
      for (int j = 0; j < m; j++) {
        order[j] = j;
      }
      java.util.Arrays.sort(order, (p, q) -> Double.compare(ev[q], ev[p]));
      eigenvalues[i] = new double[m];
      eigenvectors[i] = new double[m][];
      for (int j = 0; j < m; j++) {
        eigenvalues[i][j] = ev[order[j]];
        eigenvectors[i][j] = e.getEigenvector(order[j]).toArray();
      }
    }
    int[] bestRanks = null;
    double bestCost = Double.POSITIVE_INFINITY;
    for (int[] r : optimalRanks) {
      double cost = 0;
      for (int i = 0; i < blocks.size(); i++) {
        double zb = blocks.get(i).z();
        for (int j = 0; j < r[i]; j++) {
          cost += zb * zb - 2 * zb * eigenvalues[i][j];
        }
      }
      if (cost < bestCost) {
        bestCost = cost;
        bestRanks = r;
      }
    }
    if (bestRanks == null) {
      return null;
    }
    List<double[]> us = new ArrayList<>();
    List<double[]> vs = new ArrayList<>();
    List<Double> zs = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      for (int j = 0; j < bestRanks[i]; j++) {
        double[] e = eigenvectors[i][j];
        us.add(Matrices.multiply(Matrices.transpose(b.u()), e));
        vs.add(Matrices.multiply(Matrices.transpose(b.v()), e));
        zs.add(b.z());
      }
    }
    return member.build(us.toArray(new double[0][]), vs.toArray(new double[0][]),
        zs.stream().mapToDouble(Double::doubleValue).toArray(), bestRanks.clone());
  }
}
