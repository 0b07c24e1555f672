package ncverify.theory;

import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.problem.Setting;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * MSE, deep linear (any M), unregularised last-layer bias, free features; balanced (P1
 * "P1-MSE-balanced-with-bias") or imbalanced (THEORY §6, "imbalanced MSE with bias").
 *
 * <p>Derivation used: for fixed W, H the optimal bias is b = (1/N)Σ_i (y_i − W h_i) = n/N − W h̄_G.
 * Substituting, the residual matrix is (W H̄ − I) Q D^{1/2} with Q = I − n1ᵀ/N. With G = H̄D^{1/2}
 * and the projection Q̃ = I − √n√nᵀ/N (√n = (√n_k)_k, ‖√n‖² = N): Q D^{1/2} = D^{1/2} Q̃ =: T, and
 * the loss is (1/2N)‖W G Q̃ − T‖². The penalty only grows with the component G√n, so G√n = 0
 * (i.e. h̄_G = 0) and b = n/N. Then Z = W G with loss (1/2N)‖Z − T‖² + c_M Σσ_i(Z)^{2/(M+1)}, and by
 * von Neumann Z shares T's singular vectors: each of T's K−1 non-zero singular values σ_i solves
 * {@link MseScalarProblem}. Balanced: T = √n P, σ_i = √n (K−1 times), b = 1/K.
 */
public final class MseFreeBiasTheory implements Theory {
  public MseFreeBiasTheory() {}

  @Override
  public String family() {
    return "p1-mse-free-bias";
  }

  /** Balanced counts are P1's balanced family, imbalanced ones the imbalanced family (same mathematics). */
  @Override
  public String family(Setting s) {
    return s.balanced() ? "p1-mse-balanced-bias" : "mse-imbalanced-bias";
  }

  @Override
  public boolean covers(Setting s) {
    return s.loss() == Loss.MSE && s.bias() == Bias.FREE && s.features() == Features.FREE
        && Families.positiveRegularisers(s) && s.rank() >= s.K() - 1;
  }

  /** T = (I − n1ᵀ/N) D^{1/2} (K×K). */
  public static double[][] target(Setting s) {
    int k = s.K();
    double[][] t = new double[k][k];
    for (int a = 0; a < k; a++) {
      for (int c = 0; c < k; c++) {
        t[a][c] = ((a == c ? 1.0 : 0.0) - s.count(a) / (double) s.N()) * Math.sqrt(s.count(c));
      }
    }
    return t;
  }

  @Override
  public Prediction predict(Setting s) {
    return predictSelected(s, family(s));
  }

  /**
   * The prediction for any rank r = min widths: only the r largest singular values of T get a
   * mode (Mirsky's inequality, as in {@link MseBiasFreeTheory#selectBestServed}); the others
   * contribute σ_i²/(2N). A tie between σ_r and σ_{r+1} (e.g. balanced, r < K−1: T = √n P has
   * K−1 equal singular values) means every r-dimensional choice is optimal; it is flagged.
   */
  static Prediction predictSelected(Setting s, String family) {
    int k = s.K();
    SingularValueDecomposition svd = new SingularValueDecomposition(MatrixUtils.createRealMatrix(target(s)));
    double[] sigma = svd.getSingularValues(); // decreasing; T has rank exactly K−1 (T√n = 0)
    RealMatrix uMat = svd.getU();
    RealMatrix vMat = svd.getV();
    double value = 0;
    boolean atThreshold = false;
    java.util.List<double[]> us = new java.util.ArrayList<>();
    java.util.List<double[]> vs = new java.util.ArrayList<>();
    java.util.List<Double> zs = new java.util.ArrayList<>();
    double cM = MseScalarProblem.cM(s);
    double[] gains = new double[k - 1];
    ScalarMinimizer.Result[] results = new ScalarMinimizer.Result[k - 1];
    for (int i = 0; i < k - 1; i++) {
      MseScalarProblem p = new MseScalarProblem(s.depth(), sigma[i], s.N(), cM);
      results[i] = p.solve();
      gains[i] = p.valueAtU(0) - results[i].value();
    }
    boolean[] keep = new boolean[k - 1];
    atThreshold |= MseBiasFreeTheory.selectBestServed(gains, s.rank(), keep);
    for (int i = 0; i < k - 1; i++) {
      ScalarMinimizer.Result r = results[i];
      value += keep[i] ? r.value() : r.value() + gains[i];
      // A mode at its own threshold (0 chosen, a live root tied with it) is a tie whenever the
      // rank leaves room for it; before, only kept modes were asked, and the tie rule's choice of 0
      // gives gain 0, so an exact scalar tie was never flagged.
      atThreshold |= r.atThreshold() && (keep[i] || s.rank() >= k - 1);
      if (!keep[i]) {
        continue;
      }
      if (r.argmin() > 0) {
        us.add(uMat.getColumn(i));
        vs.add(vMat.getColumn(i));
        zs.add(Math.pow(r.argmin(), s.depth() + 1));
      }
    }
    // The zero singular value of T contributes nothing: its mode has target 0 and optimum 0.
    BalancedFactorization f = new BalancedFactorization(s, us.toArray(new double[0][]),
        vs.toArray(new double[0][]), zs.stream().mapToDouble(Double::doubleValue).toArray());
    double[] b = new double[k];
    for (int c = 0; c < k; c++) {
      b[c] = s.count(c) / (double) s.N();
    }
    Prediction p = Families.fromFactorization(family, s, f, value, b, null, atThreshold, 0, false);
    if (!atThreshold) {
      return p;
    }
    // The tied optimal set (a continuum: any subspace of a block of equal singular values of T, any
    // rank the tie allows): described, not listed (ModeTieSet; proofs/mse-tie-sets.m).
    java.util.List<ModeTieSet.Block> blocks = new java.util.ArrayList<>();
    int i = 0;
    while (i < k - 1) {
      int j = i + 1;
      while (j < k - 1 && sigma[i] - sigma[j] <= EQUAL_SINGULAR_VALUES * sigma[0]) {
        j++;
      }
      double[][] uBlock = new double[j - i][];
      double[][] vBlock = new double[j - i][];
      for (int a = i; a < j; a++) {
        uBlock[a - i] = uMat.getColumn(a);
        vBlock[a - i] = vMat.getColumn(a);
      }
      MseScalarProblem problem = new MseScalarProblem(s.depth(), sigma[i], s.N(), cM);
      double root = 0;
      boolean tied = false;
      for (int a = i; a < j; a++) {
        root = Math.max(root, liveRoot(results[a]));
        tied |= results[a].atThreshold();
      }
      double dead = problem.valueAtU(0);
      blocks.add(new ModeTieSet.Block(uBlock, vBlock, Math.pow(root, s.depth() + 1),
          root > 0 ? problem.valueAtU(root) : dead, dead, tied));
      i = j;
    }
    double fStar = value;
    ModeTieSet set = ModeTieSet.of(s, blocks, s.rank(), (u, v, z, ranks) ->
        Families.fromFactorization(family, s, new BalancedFactorization(s, u, v, z), fStar, b, null,
            true, 0, false));
    return set == null ? p : p.withTieSet(set);
  }

  /**
   * Singular values of T closer than this (relative to the largest) form one block of the tied set:
   * equal counts give singular values equal to round-off (~1e-16 relative), distinct counts differ
   * by at least ~1/N² ≥ 1e-8 relative for N ≤ 10⁴.
   */
  static final double EQUAL_SINGULAR_VALUES = 1e-10;

  /** The non-zero global root of a scalar problem: its argmin, or at a tie the tied non-zero one; 0 if none. */
  static double liveRoot(ScalarMinimizer.Result r) {
    if (r.argmin() > 0) {
      return r.argmin();
    }
    if (!r.atThreshold()) {
      return 0;
    }
    double f0 = r.candidates().get(0).value();
    double tol = ScalarMinimizer.TIE_RELATIVE_TOLERANCE * Math.max(1, Math.abs(f0));
    return r.candidates().stream().skip(1).filter(c -> c.value() <= f0 + tol)
        .mapToDouble(ScalarMinimizer.Candidate::point).max().orElse(0);
  }
}
