package ncverify.claim.catalog;

import ncverify.claim.Finding;
import ncverify.claim.SourceStatus;
import ncverify.problem.Bias;
import ncverify.problem.Features;
import ncverify.problem.Loss;

/** Cross-entropy UFM, balanced, M = 1, bias-free, at the narrowest width d = K − 1 (issue 13). */
public final class ZhuCeBalancedNarrow extends DefinedClaim {
  public ZhuCeBalancedNarrow() {
    super("zhu-ce-balanced-narrow",
        "Cross-entropy UFM, balanced (M = 1), width d = K − 1: still the simplex ETF",
        "Zhu et al. 2021 (arXiv 2105.02375), Theorem 3.1 (stated for d ≥ K − 1); the rank "
            + "argument in proofs/zhu-ce-balanced-narrow.m",
        SourceStatus.THEOREM,
        "With M = 1, n_k = n and only d = K − 1 feature dimensions: the same simplex ETF as for "
            + "d ≥ K, W H̄ = ρ* P with ρ* = log(1/√(nλ_Wλ_H) − (K−1)) when K√(nλ_Wλ_H) < 1, else "
            + "W = H = 0 (P = I − 11ᵀ/K has rank K − 1, so it fits).",
        new ncverify.theory.CeBalancedEtfTheory(),
        new Domains.Shape(Loss.CE, Bias.NONE, Features.FREE, true, 1, 1)
            .withWidth(Domains.Width.ETF_RANK),
        Finding.verified("Verified on every generated setting (and on 20 more, worst |f_trained - f*|/f* = 1.6e-15): the ETF at d = K - 1 is certified and no competitor lies below it."),
        "loss=ce bias=none features=free n=4,4,4 d=2 M=1 lambdaW=0.01 lambdaH=0.01");
  }
}
