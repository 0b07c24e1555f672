package ncverify.theory;

import ncverify.train.Lbfgs;

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
  /**
   * Target duality gap relative to |f| (scale-free: the same at f* = 1e-10 as at f* = 1): about
   * 1e5 machine epsilons, the accuracy to which f (a sum of K² log-sum-exp terms and a
   * nuclear norm from an SVD) and its dual bound are evaluated; measured gaps after Newton are
   * 1e-16…7e-12 relative (a flat direction where several optima tie, e.g. n = 7,4,2,1 at λ = 1e-5, limits Newton to ~6e-12).
   */
  public static final double TARGET_RELATIVE_GAP = 1e-11;
  /**
   * FISTA only locates the optimum and its rank; Newton ({@link #solveConvex}) finishes. A gap of
   * 1e-6 relative is well inside the region where damped Newton converges quadratically.
   */
  static final double FIRST_ORDER_RELATIVE_GAP = 1e-6;
  /** Iteration cap (each iteration is one K×K SVD). */
  static final int MAX_ITERATIONS = 40_000;
  /**
   * Stop when the gap has not halved for this many iterations: once f has converged to round-off,
   * the function-value restart sees only noise and the iterates stall (measured: the gap then stays
   * at ~1e-9 however long it runs).
   */
  static final int STAGNATION_ITERATIONS = 500;
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

  /**
   * L(Y) and its gradient (written into grad if non-null), without the 1 − p cancellation (see
   * {@code Objective}): the loss as log1p(Σ_{j≠k} e^{z_j − z_k}), the true class's derivative as
   * −Σ_{j≠k} p_j, so both keep full relative accuracy at tiny λ where L ~ 1e-10.
   */
  static double loss(Setting s, double[][] y, double[][] grad) {
    int k = s.K();
    double n = s.N();
    double total = 0;
    double[] z = new double[k];
    double[] e = new double[k];
    for (int c = 0; c < k; c++) {
      double sq = Math.sqrt(s.count(c));
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        z[j] = y[j][c] / sq;
        max = Math.max(max, z[j]);
      }
      double sum = 0;
      double others = 0;
      for (int j = 0; j < k; j++) {
        e[j] = Math.exp(z[j] - max);
        sum += e[j];
        others += j == c ? 0 : e[j];
      }
      double ce = z[c] - max > -700 ? Math.log1p(others / e[c]) : Math.log(sum) - (z[c] - max);
      total += s.count(c) / n * ce;
      if (grad != null) {
        for (int j = 0; j < k; j++) {
          grad[j][c] = sq / n * (j == c ? -others / sum : e[j] / sum);
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

  /**
   * −L*(M) for M = −Λ (columns m_k), or −∞ if some q = e_k + (N/√n_k) m_k leaves the simplex.
   * The columns of M sum to zero (so does every column of ∇L, and clipping singular values keeps
   * 1 in the left null space), hence q_k = 1 − Σ_{j≠k} q_j, which is how it is computed: at small
   * λ, 1 − q_k ~ 1e-10 and forming 1 + (N/√n_k) m_kk would leave no relative accuracy in the bound.
   */
  private static double dualValue(Setting s, double[][] m) {
    int k = s.K();
    double bound = 0;
    for (int c = 0; c < k; c++) {
      double scale = s.N() / Math.sqrt(s.count(c));
      double negEntropy = 0;
      double others = 0;
      for (int j = 0; j < k; j++) {
        if (j == c) {
          continue;
        }
        double q = scale * m[j][c];
        if (q < 0) {
          return Double.NEGATIVE_INFINITY;
        }
        others += q;
        if (q > 0) {
          negEntropy += q * Math.log(q);
        }
      }
      if (others > 1) {
        return Double.NEGATIVE_INFINITY;
      }
      negEntropy += (1 - others) * Math.log1p(-others);
      bound -= s.count(c) / (double) s.N() * negEntropy;
    }
    return bound;
  }

  /**
   * Singular value soft-thresholding; returns the rank of the result and puts its nuclear norm
   * (the sum of the thresholded singular values, so FISTA needs no second SVD to evaluate
   * f at the new point) in {@code nuclear[0]}.
   */
  private static int shrink(double[][] a, double tau, double[][] out, double[] nuclear) {
    SingularValueDecomposition svd = new SingularValueDecomposition(MatrixUtils.createRealMatrix(a));
    double[] sv = svd.getSingularValues();
    RealMatrix u = svd.getU();
    RealMatrix v = svd.getV();
    int k = a.length;
    for (double[] row : out) {
      java.util.Arrays.fill(row, 0);
    }
    int rank = 0;
    nuclear[0] = 0;
    for (int i = 0; i < sv.length; i++) {
      double t = sv[i] - tau;
      if (t <= 0) {
        continue;
      }
      rank++;
      nuclear[0] += t;
      for (int r = 0; r < k; r++) {
        double ur = u.getEntry(r, i) * t;
        for (int c = 0; c < k; c++) {
          out[r][c] += ur * v.getEntry(c, i);
        }
      }
    }
    return rank;
  }

  static Solution firstOrder(Setting s) {
    int k = s.K();
    double step = 2.0 * s.N();
    double tau = step * mu(s);
    double[][] y = new double[k][k];
    double[][] v = new double[k][k];
    double[][] next = new double[k][k];
    double[][] grad = new double[k][k];
    double[][] arg = new double[k][k];
    double[] nuclear = new double[1];
    double theta = 1;
    double fy = objective(s, y);
    int rank = 0;
    double gap = fy - dualBound(s, y);
    int it = 0;
    double bestGap = gap;
    int lastImprovement = 0;
    double atZero = fy;
    while (it - lastImprovement < STAGNATION_ITERATIONS && it < MAX_ITERATIONS
        && !locatedForNewton(gap, fy, atZero)) {
      it++;
      loss(s, v, grad);
      for (int r = 0; r < k; r++) {
        for (int c = 0; c < k; c++) {
          arg[r][c] = v[r][c] - step * grad[r][c];
        }
      }
      int nextRank = shrink(arg, tau, next, nuclear);
      double fNext = loss(s, next, null) + mu(s) * nuclear[0];
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
    fy = objective(s, y); // the reported value from the point itself, not the thresholded values
    gap = Math.max(0, fy - dualBound(s, y));
    return new Solution(y, rank, fy, gap, it);
  }

  /**
   * Below this fraction of its depth f(0) − f(Y) the duality gap says FISTA has located Y well
   * enough for Newton: near the total-collapse threshold μ₀ = ‖∇L(0)‖₂ the optimum is Y ~ (μ₀−μ)
   * and f(0) − f* ~ (μ₀−μ)², so a gap relative to |f| alone (FIRST_ORDER_RELATIVE_GAP) is met by
   * an early iterate that has not yet found the modes' sizes or even their number; Newton on the
   * factored problem then starts far outside its quadratic region (a size-t optimum), stalls, and
   * every rank is tried in vain (measured, balanced K = 10 at 4e-6…4e-4 below μ₀: 0.4–0.7 s and
   * a final gap of 3e-11…5e-7 relative; after: a few ms and the target gap).
   */
  static final double FIRST_ORDER_DEPTH_FRACTION = 1e-2;

  /**
   * FISTA's stop: the gap is small relative to |f| and either relative to the depth below
   * f(0), or already at the final target (then Y = 0's neighbourhood is as good as certified,
   * and whether the optimum is exactly zero is decided as before, by the target gap).
   */
  private static boolean locatedForNewton(double gap, double f, double atZero) {
    return gap <= FIRST_ORDER_RELATIVE_GAP * Math.abs(f)
        && (gap <= FIRST_ORDER_DEPTH_FRACTION * (atZero - f) || gap <= TARGET_RELATIVE_GAP * Math.abs(f));
  }

  /**
   * The certified solve: FISTA ({@link #firstOrder}) to locate the optimum and its rank, then
   * Newton polishing on the smooth factored problem min L(ABᵀ) + (μ/2)(‖A‖² + ‖B‖²) over
   * A, B ∈ R^{K×r} (= L(Y) + μ‖Y‖_* restricted to rank ≤ r, Recht–Fazel–Parrilo 2010), with the
   * exact Hessian. FISTA alone stalls at a duality gap near 3e-8 and, at λ = 1e-10, 55% above the
   * optimum (issue 11, failing input 2): the CE curvature e^{−margin} is tiny there, and only a
   * second-order method is indifferent to it. Each rank from FISTA's up to K is tried until the
   * duality gap (a certified bound on f(Y) − f*, whatever the rank) is at round-off.
   */
  public static Solution solveConvex(Setting s) {
    Solution first = firstOrder(s);
    if (first.rank() == 0 && first.gap() <= TARGET_RELATIVE_GAP * Math.abs(first.value())) {
      return first; // everything collapsed: Y = 0 exactly, nothing to polish
    }
    // Newton always runs: a first-order point can have a duality gap at round-off (the gap is
    // second order in the error) while its stationarity residual is still ~1e-7 (measured,
    // n = 15,21 at λ ~ 3e-3); the polished point of the lowest rank that meets the target wins.
    Solution best = null;
    // FISTA's rank first, then one lower (a mode may still be shrinking towards zero: a spurious
    // extra mode converges only linearly in the factored form), then higher ones.
    java.util.List<Integer> ranks = new java.util.ArrayList<>();
    int r0 = Math.max(1, first.rank());
    ranks.add(r0);
    if (r0 > 1) {
      ranks.add(r0 - 1);
    }
    for (int r = r0 + 1; r <= s.K(); r++) {
      ranks.add(r);
    }
    for (int r : ranks) {
      Solution polished = newtonPolish(s, first.y(), r);
      if (best == null || polished.gap() < best.gap()) {
        best = polished;
      }
      if (best.gap() <= TARGET_RELATIVE_GAP * Math.abs(best.value())) {
        break;
      }
    }
    return best.gap() <= TARGET_RELATIVE_GAP * Math.abs(best.value()) || best.gap() <= first.gap()
        ? best : first;
  }

  /** Newton iterations cap for the polish (quadratic convergence needs a handful). */
  static final int NEWTON_ITERATIONS = 100;
  /**
   * Stop after this many consecutive steps that fail to halve the gradient: the round-off floor
   * (or a flat direction between tied optima) has been reached.
   */
  static final int NEWTON_SLOW_STEPS = 3;

  /**
   * Eigenvalues of the factored Hessian below this fraction of the largest are treated as zero:
   * the factored problem has an r(r−1)/2-dimensional orthogonal gauge (A, B) → (AQ, BQ) with exactly
   * zero curvature; everything physical is far above 1e-13 of the largest curvature.
   */
  static final double GAUGE_EIGENVALUE_FRACTION = 1e-13;

  private static Solution newtonPolish(Setting s, double[][] y0, int r) {
    int k = s.K();
    double mu = mu(s);
    SingularValueDecomposition svd = new SingularValueDecomposition(MatrixUtils.createRealMatrix(y0));
    double[] sv = svd.getSingularValues();
    // Start from Y's top-r modes; a mode FISTA set to zero starts along the top singular pair of
    // −∇L (the direction the nuclear-norm subgradient condition says it would grow in), small.
    double[][] g0 = new double[k][k];
    loss(s, y0, g0);
    SingularValueDecomposition gsvd = new SingularValueDecomposition(MatrixUtils.createRealMatrix(g0));
    double top = sv.length > 0 && sv[0] > 0 ? sv[0] : 1;
    int n = 2 * k * r;
    double[] th = new double[n];
    for (int i = 0; i < r; i++) {
      double root = Math.sqrt(Math.max(sv[i], 1e-3 * top));
      for (int row = 0; row < k; row++) {
        double ua = sv[i] > 1e-3 * top ? svd.getU().getEntry(row, i) : -gsvd.getU().getEntry(row, 0);
        double vb = sv[i] > 1e-3 * top ? svd.getV().getEntry(row, i) : gsvd.getV().getEntry(row, 0);
        th[row * r + i] = root * ua;
        th[k * r + row * r + i] = root * vb;
      }
    }
    double[] grad = new double[n];
    double f = factored(s, th, grad);
    int slow = 0;
    for (int it = 0; it < NEWTON_ITERATIONS && slow < NEWTON_SLOW_STEPS; it++) {
      double before = Lbfgs.norm(grad);
      double[][] hess = new double[n][n];
      double[] e = new double[n];
      Curvature cv = new Curvature(s, th);
      for (int j = 0; j < n; j++) {
        e[j] = 1;
        hessianTimes(s, th, e, hess[j], cv);
        e[j] = 0;
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < i; j++) {
          double avg = 0.5 * (hess[i][j] + hess[j][i]);
          hess[i][j] = avg;
          hess[j][i] = avg;
        }
      }
      double[] step = saddleFreeStep(hess, grad, gaugeBasis(th, k, r));
      if (step == null) {
        break;
      }
      double slope = 0;
      for (int j = 0; j < n; j++) {
        slope += step[j] * grad[j];
      }
      if (!(slope < 0)) {
        break;
      }
      double t = 1;
      double[] trial = new double[n];
      double[] trialGrad = new double[n];
      boolean moved = false;
      for (int ls = 0; ls < 60; ls++) {
        for (int j = 0; j < n; j++) {
          trial[j] = th[j] + t * step[j];
        }
        double ft = factored(s, trial, trialGrad);
        // Armijo, or (near convergence, where decreases of f drown in its round-off) a full
        // step that lowers the gradient norm: Newton's local quadratic convergence.
        boolean armijo = ft <= f + 1e-4 * t * slope;
        boolean gradientDrops = t == 1 && Lbfgs.norm(trialGrad) < 0.5 * Lbfgs.norm(grad);
        if (armijo || gradientDrops) {
          moved = ft < f || Lbfgs.norm(trialGrad) < Lbfgs.norm(grad);
          if (moved) {
            th = trial.clone();
            grad = trialGrad.clone();
            f = ft;
          }
          break;
        }
        t *= 0.5;
      }
      if (!moved) {
        break;
      }
      // Quadratic convergence at least halves the gradient; once round-off dominates it does not.
      slow = Lbfgs.norm(grad) > 0.5 * before ? slow + 1 : 0;
    }
    double[][] y = product(th, k, r);
    double value = objective(s, y);
    double gap = Math.max(0, value - dualBound(s, y));
    int rank = 0;
    double[] ysv = new SingularValueDecomposition(MatrixUtils.createRealMatrix(y)).getSingularValues();
    for (double v : ysv) {
      rank += v > 0 ? 1 : 0;
    }
    return new Solution(y, Math.min(rank, r), value, gap, -1);
  }

  /**
   * An orthonormal basis (rows) of the tangent space of the factored problem's orthogonal gauge at
   * θ = (A, B): the directions (AΩ, BΩ) for the skew matrices Ω = E_ab − E_ba, a &lt; b, along
   * which F is exactly constant. Directions that vanish (a zero column of A and B) are dropped.
   * Why explicit: F's curvature along the gauge is zero only at a stationary point; elsewhere it is
   * of the size of the gradient, so no eigenvalue threshold separates it from physical curvature
   * at tiny λ (measured, K = 10, λ = 1e-12: gauge eigenvalues 1e-13…2e-11 of the largest near the
   * optimum, every physical one above 1.9e-2), and a step along it moves Y at second order, which
   * stalled Newton at a duality gap of 6e-11 relative.
   */
  static double[][] gaugeBasis(double[] th, int k, int r) {
    int n = th.length;
    java.util.List<double[]> basis = new java.util.ArrayList<>();
    double scale = Math.max(Lbfgs.norm(th), Double.MIN_NORMAL);
    for (int a = 0; a < r; a++) {
      for (int b = a + 1; b < r; b++) {
        double[] v = new double[n];
        for (int i = 0; i < 2 * k; i++) {
          // (XΩ)[i][b] = X[i][a], (XΩ)[i][a] = −X[i][b] for X = A (rows 0..k−1) and B (rows k..2k−1)
          v[i * r + b] = th[i * r + a];
          v[i * r + a] = -th[i * r + b];
        }
        // modified Gram–Schmidt, twice (re-orthogonalisation keeps the basis orthonormal to ε)
        for (int pass = 0; pass < 2; pass++) {
          for (double[] u : basis) {
            double dot = 0;
            for (int j = 0; j < n; j++) {
              dot += u[j] * v[j];
            }
            for (int j = 0; j < n; j++) {
              v[j] -= dot * u[j];
            }
          }
        }
        double norm = Lbfgs.norm(v);
        if (norm > GAUGE_EIGENVALUE_FRACTION * scale) {
          for (int j = 0; j < n; j++) {
            v[j] /= norm;
          }
          basis.add(v);
        }
      }
    }
    return basis.toArray(new double[0][]);
  }

  /** x − Σ_u (u·x) u for the orthonormal rows u of basis, in place. */
  private static void projectOut(double[][] basis, double[] x) {
    for (double[] u : basis) {
      double dot = 0;
      for (int j = 0; j < x.length; j++) {
        dot += u[j] * x[j];
      }
      for (int j = 0; j < x.length; j++) {
        x[j] -= dot * u[j];
      }
    }
  }

  /**
   * The saddle-free Newton step −|PHP|⁺P∇F restricted to the complement of the gauge (P projects
   * out {@link #gaugeBasis}; a negative-curvature direction is descended, not climbed;
   * |eigenvalues| below {@link #GAUGE_EIGENVALUE_FRACTION} of the largest, the projected gauge
   * among them, are skipped), or null if no decomposition converged. The eigendecomposition is
   * Hipparchus's symmetric QL in Java: deterministic, the same bits whatever the BLAS, its kernels
   * or its threads (LAPACK's dsyev through ND4J, used before, gave a different and often useless
   * step with OpenBLAS 0.3.19's SkylakeX kernels, which the CLI selects on AVX-512 machines: at
   * K = 10, λ = 1e-12 the prediction was 9× the optimum with one thread, 7× with two, and the
   * plain Java test runs saw the exact optimum). commons-math's SVD of PHP (its singular values are
   * |eigenvalues|, V its eigenvectors) is the fallback.
   */
  /**
   * The plain Newton step −(PHP)⁻¹P∇F by Cholesky where PHP is positive definite off the gauge
   * (the usual case: the convex problem's factored Hessian is positive semi-definite near its
   * optimum, zero only along the gauge), else null and the eigendecomposition decides. The gauge
   * directions are given the largest diagonal entry as curvature so that the matrix is definite;
   * P∇F has no part along them, so neither has the step. Why: a Cholesky factorisation costs
   * n³/3 flops against roughly 9n³ for Hipparchus's eigendecomposition with vectors (measured,
   * hong's 100-setting soundness slice: 35 s CPU with LAPACK, 88 s with the Java eigensolver alone).
   */
  private static double[] positiveDefiniteStep(double[][] projected, double[] grad, double[][] gauge) {
    int n = grad.length;
    double maxDiag = 0;
    for (int i = 0; i < n; i++) {
      maxDiag = Math.max(maxDiag, Math.abs(projected[i][i]));
    }
    if (!(maxDiag > 0)) {
      return null;
    }
    double[][] shifted = new double[n][];
    for (int i = 0; i < n; i++) {
      shifted[i] = projected[i].clone();
    }
    for (double[] u : gauge) {
      for (int i = 0; i < n; i++) {
        double ui = maxDiag * u[i];
        for (int j = 0; j < n; j++) {
          shifted[i][j] += ui * u[j];
        }
      }
    }
    try {
      org.apache.commons.math3.linear.CholeskyDecomposition chol =
          new org.apache.commons.math3.linear.CholeskyDecomposition(
              MatrixUtils.createRealMatrix(shifted), CHOLESKY_SYMMETRY,
              GAUGE_EIGENVALUE_FRACTION * maxDiag);
      double[] minus = new double[n];
      for (int i = 0; i < n; i++) {
        minus[i] = -grad[i];
      }
      double[] step = chol.getSolver().solve(MatrixUtils.createRealVector(minus)).toArray();
      projectOut(gauge, step);
      return java.util.Arrays.stream(step).allMatch(Double::isFinite) ? step : null;
    } catch (org.apache.commons.math3.exception.MathIllegalArgumentException
        | org.apache.commons.math3.exception.MathArithmeticException notDefinite) {
      return null;
    }
  }

  /** The Hessian is symmetrised before Cholesky; this only guards against a non-symmetric input. */
  static final double CHOLESKY_SYMMETRY = 1e-12;

  static double[] saddleFreeStep(double[][] hess, double[] gradient, double[][] gauge) {
    int n = gradient.length;
    double[] grad = gradient.clone();
    projectOut(gauge, grad);
    // PHP: project the rows, then the columns (H is symmetric, so the columns are rows of (HP)ᵀ)
    double[][] projected = new double[n][];
    for (int i = 0; i < n; i++) {
      projected[i] = hess[i].clone();
      projectOut(gauge, projected[i]);
    }
    double[] column = new double[n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        column[i] = projected[i][j];
      }
      projectOut(gauge, column);
      for (int i = 0; i < n; i++) {
        projected[i][j] = column[i];
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        double avg = 0.5 * (projected[i][j] + projected[j][i]);
        projected[i][j] = avg;
        projected[j][i] = avg;
      }
    }
    hess = projected;
    double[] newton = positiveDefiniteStep(hess, grad, gauge);
    if (newton != null) {
      return newton;
    }
    double[] ev;
    double[][] vecs;
    try {
      org.hipparchus.linear.EigenDecompositionSymmetric eig =
          new org.hipparchus.linear.EigenDecompositionSymmetric(
              new org.hipparchus.linear.Array2DRowRealMatrix(hess, false));
      ev = eig.getEigenvalues();
      vecs = eig.getV().getData();
      for (int q = 0; q < n; q++) {
        ev[q] = Math.abs(ev[q]);
      }
    } catch (RuntimeException notConverged) {
      SingularValueDecomposition hsvd;
      try {
        hsvd = new SingularValueDecomposition(MatrixUtils.createRealMatrix(hess));
      } catch (RuntimeException svdNotConverged) {
        return null;
      }
      ev = hsvd.getSingularValues();
      vecs = hsvd.getV().getData();
    }
    double largest = java.util.Arrays.stream(ev).max().orElse(0);
    double[] step = new double[n];
    for (int q = 0; q < n; q++) {
      double lam = ev[q];
      if (!(lam > GAUGE_EIGENVALUE_FRACTION * largest)) {
        continue;
      }
      double dot = 0;
      for (int j = 0; j < n; j++) {
        dot += vecs[j][q] * grad[j];
      }
      for (int j = 0; j < n; j++) {
        step[j] -= dot / lam * vecs[j][q];
      }
    }
    projectOut(gauge, step);
    return step;
  }


  /** Y = A Bᵀ from θ = (A row-major K×r, B row-major K×r). */
  private static double[][] product(double[] th, int k, int r) {
    double[][] y = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double acc = 0;
        for (int q = 0; q < r; q++) {
          acc += th[i * r + q] * th[k * r + j * r + q];
        }
        y[i][j] = acc;
      }
    }
    return y;
  }

  /** F(θ) = L(ABᵀ) + (μ/2)(‖A‖² + ‖B‖²) and ∇F = (G B + μA, Gᵀ A + μB), G = ∇L(ABᵀ). */
  private static double factored(Setting s, double[] th, double[] grad) {
    int k = s.K();
    int r = th.length / (2 * k);
    double mu = mu(s);
    double[][] g = new double[k][k];
    double value = loss(s, product(th, k, r), g);
    double sq = 0;
    for (double v : th) {
      sq += v * v;
    }
    for (int i = 0; i < k; i++) {
      for (int q = 0; q < r; q++) {
        double ga = mu * th[i * r + q];
        double gb = mu * th[k * r + i * r + q];
        for (int j = 0; j < k; j++) {
          ga += g[i][j] * th[k * r + j * r + q];
          gb += g[j][i] * th[j * r + q];
        }
        grad[i * r + q] = ga;
        grad[k * r + i * r + q] = gb;
      }
    }
    return value + 0.5 * mu * sq;
  }

  /**
   * What ∇²F(θ)·δ needs that does not depend on δ: G = ∇L(ABᵀ) and each column's softmax p
   * (computed once per Hessian, not once per column of it).
   */
  private static final class Curvature {
    final double[][] g;
    final double[][] p; // p[c] = softmax of column c of Y/√n_c
    final double n;

    Curvature(Setting s, double[] th) {
      int k = s.K();
      int r = th.length / (2 * k);
      double[][] y = product(th, k, r);
      g = new double[k][k];
      loss(s, y, g);
      n = s.N();
      p = new double[k][k];
      for (int c = 0; c < k; c++) {
        double sqn = Math.sqrt(s.count(c));
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
          max = Math.max(max, y[j][c] / sqn);
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
          p[c][j] = Math.exp(y[j][c] / sqn - max);
          sum += p[c][j];
        }
        for (int j = 0; j < k; j++) {
          p[c][j] /= sum;
        }
      }
    }
  }

  /**
   * out = ∇²F(θ)·δ, exact: with dY = dA Bᵀ + A dBᵀ and dG = ∇²L[dY] (column c: (1/N)(diag p − ppᵀ)
   * applied to dy_c, written with dy_c shifted so its own entry is 0 to avoid 1 − p_c cancellation),
   * d∇_A = dG B + G dB + μ dA and d∇_B = dGᵀ A + Gᵀ dA + μ dB.
   */
  private static void hessianTimes(Setting s, double[] th, double[] delta, double[] out,
      Curvature cv) {
    int k = s.K();
    int r = th.length / (2 * k);
    double mu = mu(s);
    double[][] g = cv.g;
    double[][] dy = new double[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double acc = 0;
        for (int q = 0; q < r; q++) {
          acc += delta[i * r + q] * th[k * r + j * r + q] + th[i * r + q] * delta[k * r + j * r + q];
        }
        dy[i][j] = acc;
      }
    }
    double[][] dg = new double[k][k];
    for (int c = 0; c < k; c++) {
      double[] p = cv.p[c];
      double dot = 0;
      for (int j = 0; j < k; j++) {
        dot += j == c ? 0 : p[j] * (dy[j][c] - dy[c][c]);
      }
      // Hessian of (n_c/N)·CE(y_c/√n_c) is (1/N)(diag p − ppᵀ); it annihilates 1.
      for (int j = 0; j < k; j++) {
        double u = j == c ? 0 : dy[j][c] - dy[c][c];
        dg[j][c] = p[j] * (u - dot) / cv.n;
      }
    }
    for (int i = 0; i < k; i++) {
      for (int q = 0; q < r; q++) {
        double a = mu * delta[i * r + q];
        double b = mu * delta[k * r + i * r + q];
        for (int j = 0; j < k; j++) {
          a += dg[i][j] * th[k * r + j * r + q] + g[i][j] * delta[k * r + j * r + q];
          b += dg[j][i] * th[j * r + q] + g[j][i] * delta[j * r + q];
        }
        out[i * r + q] = a;
        out[k * r + i * r + q] = b;
      }
    }
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
