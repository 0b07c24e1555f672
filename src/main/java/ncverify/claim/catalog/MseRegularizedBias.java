package ncverify.claim.catalog;

import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;

/** MSE UFM, balanced, M = 1, regularised bias: ETF up to a critical λ_B, then towards an orthogonal frame. */
public final class MseRegularizedBias extends DefinedClaim {
  public MseRegularizedBias() {
    super("mse-regularized-bias",
        "MSE UFM, balanced (M = 1), bias regularised by λ_B: simplex ETF up to λ_B* = s/(1−s), then towards an orthogonal frame",
        "This suite's derivation (proofs/mse-regularized-bias.m): bias eliminated in closed form, "
            + "convexity and class-permutation symmetry; limits λ_B → 0 (P1's free bias, Dang et al. "
            + "2023 Thm 3.2) and λ_B → ∞ (bias-free orthogonal frame, Thm 3.1)",
        SourceStatus.THEOREM,
        "With M = 1, n_k = n, s = K√(nλ_Wλ_H) < 1 and q² = λ_B/(1+λ_B): W H̄ = z_P P/√n + z_u 11ᵀ/(K√n) "
            + "with z_P = √n(1 − s) and z_u = max(0, √n(1 − s/q²)), b = (1 − z_u/√n)/(K(1+λ_B))·1; "
            + "an exact simplex ETF (z_u = 0) iff λ_B ≤ s/(1−s); f* = (K−1)φ*(√n) + q²φ*(√n; c/q²).",
        new ncverify.theory.MseRegularizedBiasTheory(),
        new Domains.Shape(Loss.MSE, Bias.REGULARIZED, Features.FREE, true, 1, 1),
        Finding.verified("Verified on every generated setting (and on 20 more, worst relative value gap 9e-16), on both sides of the critical lambda_B; reproduces the issue's calibration f* = 0.0416775240878855."),
        "loss=mse bias=regularized features=free n=3,3,3 d=3 M=1 lambdaW=0.01 lambdaH=0.01 lambdaB=1");
  }
}
