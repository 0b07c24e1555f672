package ncverify.theory;

import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;
import ncverify.problem.Setting;

/**
 * MSE, deep linear (any M), balanced (n_k = n), free features, a last-layer bias regularised by
 * (λ_B/2)‖b‖² (issue 13, item 2; derivation in {@code proofs/mse-regularized-bias.m}).
 *
 * <p>Derivation used: NC1 gives the loss (1/2N)‖Z − √n(I − b1ᵀ)‖² with Z = W H̄ D^{1/2} = √n W H̄.
 * For fixed Z the optimal bias is b = √n(√n I − Z)1/(N(1+λ_B)) and the loss becomes
 * (1/2N)‖(Z − √n I)Q‖² with Q = P + q uuᵀ, u = 1/√K, q² = λ_B/(1+λ_B). On the symmetric family
 * Z = z_P P + z_u uuᵀ this separates into K−1 copies of P1's scalar problem φ(z; σ = √n, c_M) and
 * the "mean mode" q²·φ(z_u; σ = √n, c_M/q²), each solved globally ({@link MseScalarProblem}).
 * Hence f* = (K−1)φ*(√n; c_M) + q²φ*(√n; c_M/q²) and b = β1, β = (1 − z_u/√n)/(K(1+λ_B)).
 * The mean mode is dead (an exact simplex ETF W H̄ ∝ P with b = 1/(K(1+λ_B))·1) up to the critical
 * λ_B where φ(·; √n, c_M/q²) comes alive ({@link #criticalLambdaB}); beyond it W H̄ gains a
 * component along 11ᵀ and tends to P1's bias-free orthogonal frame as λ_B → ∞ (q → 1).
 * For M = 1 it is closed: λ_B* = s/(1−s), s = K√(nλ_Wλ_H).
 *
 * <p>Global optimality: for M = 1 a theorem (the problem in (Z, b) is convex and invariant under
 * simultaneous class permutations, whose fixed points are Z ∈ span{I, 11ᵀ}, b ∈ span{1}). For
 * M ≥ 2 the ETF is proved wherever the lower bound (K−1)φ*(√n; c_M) + φ*(q√n; c_M) (from
 * σ_i(ZQ) ≤ σ_i(Z)) keeps the mean mode dead; elsewhere the symmetric point is a CANDIDATE
 * ({@link Prediction#isCandidate()}), since a Schatten quasi-norm can favour non-symmetric points.
 */
public final class MseRegularizedBiasTheory implements Theory {
  @Override
  public String family() {
    return "mse-regularized-bias";
  }

  @Override
  public boolean covers(Setting s) {
    return s.loss() == Loss.MSE && s.bias() == Bias.REGULARIZED && s.features() == Features.FREE
        && s.balanced() && Families.positiveRegularisers(s) && s.lambdaB() > 0 && s.rank() >= s.K();
  }

  /** q² = λ_B/(1+λ_B): the weight of the mean direction 1/√K after eliminating the bias. */
  public static double qSquared(double lambdaB) {
    return lambdaB / (1 + lambdaB);
  }

  /** The K−1 centred modes: P1's scalar problem with σ = √n. */
  static MseScalarProblem centredMode(Setting s) {
    return new MseScalarProblem(s.depth(), Math.sqrt(s.count(0)), s.N(), MseScalarProblem.cM(s));
  }

  /** The mean mode divided by q²: φ(z; σ = √n, c_M/q²). */
  static MseScalarProblem meanMode(Setting s, double lambdaB) {
    return new MseScalarProblem(s.depth(), Math.sqrt(s.count(0)), s.N(),
        MseScalarProblem.cM(s) / qSquared(lambdaB));
  }

  /**
   * The λ_B above which the mean mode is alive (the minimiser leaves the exact simplex ETF), by
   * bisection in log λ_B on the global scalar selection (the mode's penalty c_M/q² decreases in
   * λ_B, so aliveness is monotone); +∞ if it never comes alive (all centred modes dead or
   * K√(nλ_Wλ_H) ≥ 1 for M = 1).
   */
  public static double criticalLambdaB(Setting s) {
    // Strict comparison of values, not the tie-ruled argmin: the tie rule would move the boundary
    // by ~√(tie tolerance) for M = 1, where the mode comes alive continuously.
    java.util.function.DoublePredicate alive = logB -> {
      java.util.List<ScalarMinimizer.Candidate> c = meanMode(s, Math.pow(10, logB)).solve().candidates();
      return c.stream().skip(1).anyMatch(x -> x.value() < c.get(0).value());
    };
    double lo = -30, hi = 30;
    if (!alive.test(hi)) {
      return Double.POSITIVE_INFINITY;
    }
    if (alive.test(lo)) {
      return 0;
    }
    for (int i = 0; i < 100; i++) {
      double mid = 0.5 * (lo + hi);
      if (alive.test(mid)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return Math.pow(10, 0.5 * (lo + hi));
  }

  /**
   * Whether the ETF is certified for every M by the lower bound: the bound's mean mode
   * φ(·; σ = q√n, c_M) is dead, so the bound equals the ETF's value.
   */
  public static boolean etfCertifiedByBound(Setting s) {
    double q = Math.sqrt(qSquared(s.lambdaB()));
    MseScalarProblem bound = new MseScalarProblem(s.depth(), q * Math.sqrt(s.count(0)), s.N(),
        MseScalarProblem.cM(s));
    return bound.solve().argmin() == 0;
  }

  @Override
  public Prediction predict(Setting s) {
    return build(s, true);
  }

  /**
   * The exact simplex-ETF point (mean mode dead, b = β1 with β = 1/(K(1+λ_B))) whatever λ_B is:
   * the prediction below {@link #criticalLambdaB}, a wrong one above it (negative controls).
   */
  public Prediction etfOnly(Setting s) {
    return build(s, false);
  }

  private Prediction build(Setting s, boolean meanModeAllowed) {
    int k = s.K();
    double q2 = qSquared(s.lambdaB());
    ScalarMinimizer.Result centred = centredMode(s).solve();
    MseScalarProblem meanProblem = meanMode(s, s.lambdaB());
    ScalarMinimizer.Result mean = meanModeAllowed ? meanProblem.solve()
        : ScalarMinimizer.selectGlobal(meanProblem::valueAtU, new double[0]);
    double value = (k - 1) * centred.value() + q2 * mean.value();
    int depth = s.depth();
    double zP = Math.pow(centred.argmin(), depth + 1);
    double zU = Math.pow(mean.argmin(), depth + 1);
    double[][] basis = Families.centredBasis(k);
    int modes = (zP > 0 ? k - 1 : 0) + (zU > 0 ? 1 : 0);
    double[][] u = new double[modes][];
    double[] z = new double[modes];
    int i = 0;
    if (zP > 0) {
      for (double[] row : basis) {
        u[i] = row;
        z[i++] = zP;
      }
    }
    if (zU > 0) {
      u[i] = new double[k];
      java.util.Arrays.fill(u[i], 1 / Math.sqrt(k));
      z[i] = zU;
    }
    BalancedFactorization f = new BalancedFactorization(s, u, u, z);
    double beta = (1 - zU / Math.sqrt(s.count(0))) / (k * (1 + s.lambdaB()));
    double[] b = new double[k];
    java.util.Arrays.fill(b, beta);
    boolean candidate = depth >= 2 && !etfCertifiedByBound(s);
    boolean tie = centred.atThreshold() || mean.atThreshold();
    Prediction p = Families.fromFactorization(family(), s, f, value, b, null, tie, 0, candidate);
    if (!tie || !meanModeAllowed) {
      return p;
    }
    // The tied optimal set: Z = z_P·Π + z_u·r_u·uuᵀ with Π any projection inside 1^⊥ of a rank the
    // tie allows (Q = P + q uuᵀ is the identity on 1^⊥, so rotating Π there changes nothing), and
    // b = β(r_u)1 (proofs/mse-tie-sets.m). The blocks' values carry the mean mode's weight q².
    double[] uu = new double[k];
    java.util.Arrays.fill(uu, 1 / Math.sqrt(k));
    MseScalarProblem centredProblem = centredMode(s);
    double rootP = MseFreeBiasTheory.liveRoot(centred);
    double rootU = MseFreeBiasTheory.liveRoot(mean);
    double deadP = centredProblem.valueAtU(0);
    double deadU = q2 * meanProblem.valueAtU(0);
    java.util.List<ModeTieSet.Block> blocks = java.util.List.of(
        new ModeTieSet.Block(basis, basis, Math.pow(rootP, depth + 1),
            rootP > 0 ? centredProblem.valueAtU(rootP) : deadP, deadP, centred.atThreshold()),
        new ModeTieSet.Block(new double[][] {uu}, new double[][] {uu}, Math.pow(rootU, depth + 1),
            rootU > 0 ? q2 * meanProblem.valueAtU(rootU) : deadU, deadU, mean.atThreshold()));
    double sqrtN = Math.sqrt(s.count(0));
    ModeTieSet set = ModeTieSet.of(s, blocks, s.rank(), (mu, mv, mz, ranks) -> {
      double[] bias = new double[k];
      java.util.Arrays.fill(bias, (1 - ranks[1] * Math.pow(rootU, depth + 1) / sqrtN)
          / (k * (1 + s.lambdaB())));
      return Families.fromFactorization(family(), s, new BalancedFactorization(s, mu, mv, mz), value,
          bias, null, true, 0, candidate);
    });
    return set == null ? p : p.withTieSet(set);
  }
}
