package ncverify.claim.catalog;

import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;

/** Deep linear MSE, balanced, regularised bias: the symmetric (ETF + mean mode) point for M ≥ 2. */
public final class MseRegularizedBiasDeep extends DefinedClaim {
  public MseRegularizedBiasDeep() {
    super("mse-regularized-bias-deep",
        "Deep linear MSE (M = 2, 3), balanced, bias regularised by λ_B: ETF up to a critical λ_B, then a growing mean mode",
        "This suite's derivation (proofs/mse-regularized-bias-deep.m), extending mse-regularized-bias "
            + "with P1's deep scalar problem (Dang et al. 2023, THEORY.md §3.3)",
        SourceStatus.CONJECTURE,
        "With n_k = n and M ≥ 2: W H̄ = (z_P P + z_u 11ᵀ/K)/√n, z_P = argmin φ(·; √n, c_M), z_u = argmin "
            + "φ(·; √n, c_M/q²), q² = λ_B/(1+λ_B), b = (1 − z_u/√n)/(K(1+λ_B))·1; f* = (K−1)φ*(√n; c_M) "
            + "+ q²φ*(√n; c_M/q²). Proved where the bound (K−1)φ*(√n; c_M) + φ*(q√n; c_M) keeps the mean "
            + "mode dead; conjectured elsewhere (a Schatten quasi-norm could prefer a non-symmetric point).",
        new ncverify.theory.MseRegularizedBiasTheory(),
        new Domains.Shape(Loss.MSE, Bias.REGULARIZED, Features.FREE, true, 2, 3),
        Finding.verified("Verified on every generated setting (and on 20 more, worst relative value gap 2e-15) with M = 2, 3: no competitor below the symmetric point, including the revived mean mode."),
        "loss=mse bias=regularized features=free n=5,5,5 d=3 M=2 lambdaW=0.02 lambdaH=0.02 lambdaB=1");
  }
}
