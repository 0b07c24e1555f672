package ncverify.theory;

import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.problem.Setting;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * CE, free features, M = 1, bias-free, imbalanced (THEORY §6, Hong &amp; Ling): the convex logit
 * problem, solved numerically with a certified accuracy.
 *
 * <p>Reduction (re-derived; the normalisation in THEORY §6 is confirmed): NC1 (strict convexity in
 * each h_i for λ_H &gt; 0) gives H = H̄Y, ‖H‖² = ‖H̄D^{1/2}‖², loss (1/N)Σ_k n_k CE(W h̄_k, k).
 * With Z̄ = W H̄, min over W G = Z̄D^{1/2} of (λ_W/2)‖W‖² + (λ_H/2)‖G‖² = √(λ_Wλ_H)‖Z̄D^{1/2}‖_*
 * (attained for d ≥ rank). So f* = min_Y L(Y) + μ‖Y‖_* with Y = Z̄D^{1/2}, μ = √(λ_Wλ_H) and
 * L(Y) = Σ_k (n_k/N) CE(y_k/√n_k, k).
 *
 * <p>Solver: accelerated proximal gradient (FISTA with function-value restart) on Y, step 1/L with
 * L = 1/(2N) (each column's CE Hessian has norm ≤ 1/2, scaled by (n_k/N)/n_k), prox = singular value
 * soft-thresholding. Accuracy is certified by the duality gap: for ‖Λ‖₂ ≤ μ,
 * f* ≥ −L*(−Λ); with Λ = −θ∇L(Y), θ = min(1, μ/‖∇L(Y)‖₂), −L*(−Λ) = −Σ_k (n_k/N) Σ_j q_j log q_j,
 * q = θ softmax(z̄_k) + (1−θ) e_k. The gap is reported as {@link Prediction#valueErrorBound()}.
 */
public final class CeLogitConvexTheory implements Theory {
  /** Stop when the duality gap is below this, relative to max(1, f): near double-precision limits. */
  public static final double TARGET_RELATIVE_GAP = 1e-13;
  /** Iteration cap (each iteration is one K×K SVD). */
  static final int MAX_ITERATIONS = 40_000;
  /**
   * Stop when the gap has not halved for this many iterations: once f has converged to round-off,
   * the function-value restart sees only noise and the iterates stall (measured: the gap then stays
   * at ~1e-9 however long it runs).
   */
  static final int STAGNATION_ITERATIONS = 3_000;
  /**
   * A class whose column of Y has norm below this fraction of ‖Y‖_F is reported collapsed. Reason:
   * the solve is accurate to ~1e-7 relative in Y when the gap is ~1e-13 (gap ~ error²), so a
   * genuinely non-zero column is far above 1e-6.
   */
  public static final double COLLAPSE_RELATIVE_TOLERANCE = 1e-6;

  @Override
  public String family() {
    return "ce-imbalanced-logit-convex";
  }

  @Override
  public boolean covers(Setting s) {
    return s.loss() == Loss.CE && s.features() == Features.FREE && s.bias() == Bias.NONE
        && s.depth() == 1 && Families.positiveRegularisers(s) && s.rank() >= s.K() - 1;
  }

  /** Result of the convex solve. */
  public record Solution(double[][] y, int rank, double value, double gap, int iterations) {}

  /** L(Y) and its gradient (written into grad if non-null). */
  static double loss(Setting s, double[][] y, double[][] grad) {
    int k = s.K();
    double n = s.N();
    double total = 0;
    double[] z = new double[k];
    for (int c = 0; c < k; c++) {
      double sq = Math.sqrt(s.count(c));
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        z[j] = y[j][c] / sq;
        max = Math.max(max, z[j]);
      }
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum += Math.exp(z[j] - max);
      }
      double lse = max + Math.log(sum);
      total += s.count(c) / n * (lse - z[c]);
      if (grad != null) {
        for (int j = 0; j < k; j++) {
          double p = Math.exp(z[j] - lse);
          grad[j][c] = sq / n * (p - (j == c ? 1 : 0));
        }
      }
    }
    return total;
  }

  static double objective(Setting s, double[][] y) {
    double[] sv = new SingularValueDecomposition(MatrixUtils.createRealMatrix(y)).getSingularValues();
    return loss(s, y, null) + mu(s) * java.util.Arrays.stream(sv).sum();
  }

  static double mu(Setting s) {
    return Math.sqrt(s.lambdaW(1) * s.lambdaH());
  }

  /**
   * Lower bound on f* (weak duality) from two dual points built from G = ∇L(Y): −G with its singular
   * values clipped at μ (gap O(ε²) for an ε-accurate Y), and −θG with θ = min(1, μ/‖G‖₂) (always
   * feasible). Each gives −Σ_k (n_k/N) Σ_j q_j log q_j with q = e_k − (N/√n_k) Λ_k if q is a
   * probability vector; the larger bound is returned.
   */
  static double dualBound(Setting s, double[][] y) {
    int k = s.K();
    double[][] g = new double[k][k];
    loss(s, y, g);
    SingularValueDecomposition svd = new SingularValueDecomposition(MatrixUtils.createRealMatrix(g));
    double[] sv = svd.getSingularValues();
    double mu = mu(s);
    double[][] clipped = new double[k][k];
    for (int i = 0; i < sv.length; i++) {
      double t = Math.min(sv[i], mu);
      for (int r = 0; r < k; r++) {
        for (int c = 0; c < k; c++) {
          clipped[r][c] += svd.getU().getEntry(r, i) * t * svd.getV().getEntry(c, i);
        }
      }
    }
    double theta = sv[0] <= mu ? 1 : mu / sv[0];
    double[][] scaled = new double[k][k];
    for (int r = 0; r < k; r++) {
      for (int c = 0; c < k; c++) {
        scaled[r][c] = theta * g[r][c];
      }
    }
    return Math.max(dualValue(s, clipped), dualValue(s, scaled));
  }

  /** −L*(M) for M = −Λ (columns m_k), or −∞ if some q = e_k + (N/√n_k) m_k leaves the simplex. */
  private static double dualValue(Setting s, double[][] m) {
    int k = s.K();
    double bound = 0;
    for (int c = 0; c < k; c++) {
      double scale = s.N() / Math.sqrt(s.count(c));
      double negEntropy = 0;
      for (int j = 0; j < k; j++) {
        double q = (j == c ? 1 : 0) + scale * m[j][c];
        if (q < 0) {
          return Double.NEGATIVE_INFINITY;
        }
        if (q > 0) {
          negEntropy += q * Math.log(q);
        }
      }
      bound -= s.count(c) / (double) s.N() * negEntropy;
    }
    return bound;
  }

  /** Singular value soft-thresholding; returns the rank of the result. */
  private static int shrink(double[][] a, double tau, double[][] out) {
    SingularValueDecomposition svd = new SingularValueDecomposition(MatrixUtils.createRealMatrix(a));
    double[] sv = svd.getSingularValues();
    RealMatrix u = svd.getU();
    RealMatrix v = svd.getV();
    int k = a.length;
    for (double[] row : out) {
      java.util.Arrays.fill(row, 0);
    }
    int rank = 0;
    for (int i = 0; i < sv.length; i++) {
      double t = sv[i] - tau;
      if (t <= 0) {
        continue;
      }
      rank++;
      for (int r = 0; r < k; r++) {
        double ur = u.getEntry(r, i) * t;
        for (int c = 0; c < k; c++) {
          out[r][c] += ur * v.getEntry(c, i);
        }
      }
    }
    return rank;
  }

  public static Solution solveConvex(Setting s) {
    int k = s.K();
    double step = 2.0 * s.N();
    double tau = step * mu(s);
    double[][] y = new double[k][k];
    double[][] v = new double[k][k];
    double[][] next = new double[k][k];
    double[][] grad = new double[k][k];
    double[][] arg = new double[k][k];
    double theta = 1;
    double fy = objective(s, y);
    int rank = 0;
    double gap = fy - dualBound(s, y);
    int it = 0;
    double bestGap = gap;
    int lastImprovement = 0;
    while (it - lastImprovement < STAGNATION_ITERATIONS && it < MAX_ITERATIONS && gap > TARGET_RELATIVE_GAP * Math.max(1, Math.abs(fy))) {
      it++;
      loss(s, v, grad);
      for (int r = 0; r < k; r++) {
        for (int c = 0; c < k; c++) {
          arg[r][c] = v[r][c] - step * grad[r][c];
        }
      }
      int nextRank = shrink(arg, tau, next);
      double fNext = objective(s, next);
      if (fNext > fy) {
        // Function-value restart: drop momentum and take a plain proximal step from y.
        theta = 1;
        for (int r = 0; r < k; r++) {
          v[r] = y[r].clone();
        }
        continue;
      }
      double thetaNext = (1 + Math.sqrt(1 + 4 * theta * theta)) / 2;
      double beta = (theta - 1) / thetaNext;
      for (int r = 0; r < k; r++) {
        for (int c = 0; c < k; c++) {
          v[r][c] = next[r][c] + beta * (next[r][c] - y[r][c]);
        }
        y[r] = next[r].clone();
      }
      theta = thetaNext;
      fy = fNext;
      rank = nextRank;
      if (it % 50 == 0) {
        gap = fy - dualBound(s, y);
        if (gap < 0.5 * bestGap) {
          bestGap = gap;
          lastImprovement = it;
        }
      }
    }
    gap = Math.max(0, fy - dualBound(s, y));
    return new Solution(y, rank, fy, gap, it);
  }

  @Override
  public Prediction predict(Setting s) {
    Solution sol = solveConvex(s);
    int k = s.K();
    double[][] y = sol.y();
    SingularValueDecomposition svd = new SingularValueDecomposition(MatrixUtils.createRealMatrix(y));
    double[] sv = svd.getSingularValues();
    int rank = sol.rank();
    double[][] us = new double[rank][];
    double[][] vs = new double[rank][];
    double[] z = new double[rank];
    for (int i = 0; i < rank; i++) {
      us[i] = svd.getU().getColumn(i);
      vs[i] = svd.getV().getColumn(i);
      z[i] = sv[i];
    }
    BalancedFactorization f = new BalancedFactorization(s, us, vs, z);
    double[][] zbar = new double[k][k];
    for (int r = 0; r < k; r++) {
      for (int c = 0; c < k; c++) {
        zbar[r][c] = y[r][c] / Math.sqrt(s.count(c));
      }
    }
    Prediction p = Families.fromFactorization(family(), s, f, sol.value(), null,
        ncverify.measure.PointGeometry.margins(zbar), false, sol.gap(), false);
    // Collapse here is numerical (no closed form): a column of Y negligible against ‖Y‖_F.
    double fro = 0;
    double[] col = new double[k];
    for (int r = 0; r < k; r++) {
      for (int c = 0; c < k; c++) {
        fro += y[r][c] * y[r][c];
        col[c] += y[r][c] * y[r][c];
      }
    }
    boolean[] collapsed = new boolean[k];
    for (int c = 0; c < k; c++) {
      collapsed[c] = rank == 0 || Math.sqrt(col[c]) <= COLLAPSE_RELATIVE_TOLERANCE * Math.sqrt(fro);
    }
    return p.withCollapsed(Families.indicesWhere(collapsed));
  }
}
